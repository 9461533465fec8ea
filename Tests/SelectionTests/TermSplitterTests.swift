import Selection
import Testing

@Suite struct TermSplitterTests {
    @Test func splitsIdentifierStyles() {
        #expect(TermSplitter.words("getWeatherForecast") == ["get", "weather", "forecast"])
        #expect(TermSplitter.words("search_issues") == ["search", "issues"])
        #expect(TermSplitter.words("weather.get_by_city") == ["weather", "get", "by", "city"])
        #expect(TermSplitter.words("kebab-case-name") == ["kebab", "case", "name"])
        #expect(TermSplitter.words("HTMLParser parseURL") == ["html", "parser", "parse", "url"])
        #expect(TermSplitter.words("side1 getV2Items") == ["side", "1", "get", "v", "2", "items"])
        #expect(TermSplitter.words("Ünïcode Straße") == ["ünïcode", "straße"])
    }

    @Test func termsDropStopWordsNumbersAndSingleLetters() {
        let splitter = TermSplitter(stemming: false)
        #expect(splitter.terms("Please get me the weather in Paris for 3 days x") == ["weather", "paris", "days"])
    }

    @Test func abbreviationsBecomeFullWords() {
        #expect(TermSplitter(stemming: false).terms("getRepoInfo") == ["repository", "information"])
        #expect(TermSplitter(stemming: false, abbreviations: false).terms("getRepoInfo") == ["repo", "info"])
    }

    @Test func stemmingMergesInflections() {
        let groups: [[String]] = [
            ["create", "creates", "created", "creating", "creation"],
            ["get", "getting"],
            ["issue", "issues"],
            ["query", "queries"],
            ["intersect", "intersection"],
            ["calculate", "calculation", "calculated"],
            ["stop", "stopped", "stops"],
        ]
        for group in groups {
            let stems = Set(group.map(Stemmer.stem))
            #expect(stems.count == 1, "\(group) → \(stems)")
        }
    }

    @Test func stemmingKeepsDistinctWordsApart() {
        #expect(Stemmer.stem("status") == "status")
        #expect(Stemmer.stem("class") == "class")
        #expect(Stemmer.stem("billing") == "bill")
        #expect(Stemmer.stem("speed") == "speed")
        #expect(Stemmer.stem("news") != Stemmer.stem("new") || Stemmer.stem("new") == "new")
        #expect(Stemmer.stem("straße") == "straße")
        #expect(Stemmer.stem("user") != Stemmer.stem("use"))
    }
}
