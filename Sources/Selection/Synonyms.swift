/// Small groups of general English words that people use interchangeably when asking for an
/// action or naming a thing. Written from ordinary usage, not from any evaluation set; each
/// group should read as "a request with one word is a request with the other".
enum Synonyms {
    static let groups: [[String]] = [
        ["retrieve", "fetch", "obtain", "lookup", "find", "look"],
        ["search", "find", "query", "seek", "lookup", "look"],
        ["create", "make", "add", "generate", "new", "build"],
        ["delete", "remove", "erase", "destroy", "drop"],
        ["update", "modify", "change", "edit", "alter"],
        ["list", "enumerate", "show", "display"],
        ["send", "transmit", "deliver", "dispatch", "submit"],
        ["calculate", "compute", "determine", "estimate", "work"],
        ["convert", "transform", "conversion"],
        ["book", "reserve", "reservation", "booking"],
        ["buy", "purchase", "order"],
        ["cancel", "abort", "revoke"],
        ["price", "cost", "fee", "charge"],
        ["begin", "start", "launch"],
        ["stop", "halt", "end", "finish", "terminate"],
        ["check", "verify", "validate", "test"],
        ["picture", "image", "photo"],
        ["movie", "film"],
        ["song", "music", "track", "tune"],
        ["car", "vehicle", "automobile"],
        ["doctor", "physician"],
        ["lawyer", "attorney"],
        ["city", "town"],
        ["house", "home"],
        ["money", "currency", "cash"],
        ["trip", "travel", "journey"],
        ["email", "mail", "message"],
        ["meeting", "appointment"],
        ["job", "employment", "position"],
        ["big", "large", "huge"],
        ["small", "little", "tiny"],
        ["rent", "lease", "hire"],
        ["speed", "velocity"],
        ["answer", "reply", "respond", "response"],
        ["say", "tell", "speak"],
        ["user", "account", "customer"],
        ["error", "bug", "fault"],
        ["recommend", "suggest"],
        ["count", "number", "total"],
    ]

    /// Stemmed term → the other stemmed terms of its groups (built once per process).
    static func table(stemming: Bool) -> [String: [String]] { stemming ? stemmed : plain }

    private static let stemmed = build(stemming: true)
    private static let plain = build(stemming: false)

    private static func build(stemming: Bool) -> [String: [String]] {
        var table: [String: Set<String>] = [:]
        for group in groups {
            let terms = group.map { stemming ? Stemmer.stem($0) : $0 }
            for term in terms {
                table[term, default: []].formUnion(terms.filter { $0 != term })
            }
        }
        return table.mapValues { $0.sorted() }
    }
}

/// Common English and programming abbreviations, folded into their full word before
/// stemming so `getRepoInfo` and "repository information" meet at full weight.
enum Abbreviations {
    static let table: [String: String] = [
        "info": "information", "config": "configuration", "cfg": "configuration", "auth": "authentication",
        "repo": "repository", "repos": "repositories", "db": "database", "doc": "document", "docs": "documents",
        "msg": "message", "msgs": "messages", "num": "number", "nr": "number", "max": "maximum",
        "min": "minimum", "temp": "temperature", "calc": "calculate", "stats": "statistics",
        "stat": "statistic", "img": "image", "imgs": "images", "pic": "picture", "pics": "pictures",
        "app": "application", "apps": "applications", "dir": "directory", "env": "environment",
        "desc": "description", "param": "parameter", "params": "parameters", "pkg": "package",
        "addr": "address", "qty": "quantity", "amt": "amount", "avg": "average", "lang": "language",
        "loc": "location", "pos": "position", "prev": "previous", "req": "request", "res": "response",
        "resp": "response", "usr": "user", "pwd": "password", "tz": "timezone", "org": "organization",
        "dept": "department", "govt": "government", "approx": "approximate", "dist": "distance",
        "btn": "button", "txt": "text", "tmp": "temporary", "del": "delete", "rm": "remove", "ls": "list",
        "mkdir": "make directory", "exec": "execute", "eval": "evaluate", "init": "initialize",
        "sync": "synchronize", "async": "asynchronous", "admin": "administrator", "spec": "specification",
        "ref": "reference", "refs": "references", "src": "source", "dest": "destination", "dst": "destination",
        "seq": "sequence", "str": "string", "int": "integer", "bool": "boolean", "arr": "array",
        "obj": "object", "fn": "function", "func": "function", "err": "error", "ctx": "context",
        "url": "url", "uri": "uri",
    ]
}
