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

    /// `synonyms` of `SelectionIndex`: term id → the ids of its other terms that the tools use
    /// (in `table(stemming:)`'s order; empty when none), from `stemmedLines` or `plainLines`.
    static func ids(stemming: Bool, vocabulary: TermIds, termCount: Int) -> [[Int]] {
        var synonyms = [[Int]](repeating: [], count: termCount)
        let text = stemming ? stemmedLines : plainLines
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        // The end of the word starting at `start`: the next space or line feed.
        func wordEnd(_ start: Int) -> Int {
            var end = start
            while bytes[end] != 0x20 && bytes[end] != 0x0A { end += 1 }
            return end
        }
        var at = 0
        while at < bytes.count {
            var end = wordEnd(at)
            let id = vocabulary.find(ascii: UnsafeBufferPointer(rebasing: bytes[at..<end]))
            var known: [Int] = []
            while bytes[end] == 0x20 {
                let start = end + 1
                end = wordEnd(start)
                if id != nil, let other = vocabulary.find(ascii: UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    known.append(other)
                }
            }
            if let id, !known.isEmpty { synonyms[id] = known }
            at = end + 1
        }
        return synonyms
    }

    /// `table(stemming:)` as text, one line per term: the term, then its other terms in order,
    /// separated by spaces (generated from `groups`; `SynonymTests` checks both against
    /// `table(stemming:)`). The index looks these up by bytes: no strings, sets or
    /// dictionaries are built per process.
    private static let stemmedLines: StaticString = """
        abort cancel revok
        account customer user
        add build creat generat mak new
        alter chang edit modify updat
        answer reply respond respons
        appointment meet
        attorney lawyer
        automobil car vehicl
        begin launch start
        big hug larg
        book reserv reservat
        bug error fault
        build add creat generat mak new
        buy order purchas
        calculat comput determin estimat work
        cancel abort revok
        car automobil vehicl
        cash currency money
        chang alter edit modify updat
        charg cost fee pric
        check test validat verify
        city town
        comput calculat determin estimat work
        convers convert transform
        convert convers transform
        cost charg fee pric
        count number total
        creat add build generat mak new
        currency cash money
        customer account user
        delet destroy drop eras remov
        deliver dispatch send submit transmit
        destroy delet drop eras remov
        determin calculat comput estimat work
        dispatch deliver send submit transmit
        display enumerat list show
        doctor physician
        drop delet destroy eras remov
        edit alter chang modify updat
        email mail messag
        employment job posit
        end finish halt stop terminat
        enumerat display list show
        eras delet destroy drop remov
        error bug fault
        estimat calculat comput determin work
        fault bug error
        fee charg cost pric
        fetch find look lookup obtain retriev
        film movi
        find fetch look lookup obtain query retriev search seek
        finish end halt stop terminat
        generat add build creat mak new
        halt end finish stop terminat
        hir leas rent
        hom hous
        hous hom
        hug big larg
        imag photo pictur
        job employment posit
        journey travel trip
        larg big hug
        launch begin start
        lawyer attorney
        leas hir rent
        list display enumerat show
        littl small tiny
        look fetch find lookup obtain query retriev search seek
        lookup fetch find look obtain query retriev search seek
        mail email messag
        mak add build creat generat new
        meet appointment
        messag email mail
        modify alter chang edit updat
        money cash currency
        movi film
        music song track tun
        new add build creat generat mak
        number count total
        obtain fetch find look lookup retriev
        order buy purchas
        photo imag pictur
        physician doctor
        pictur imag photo
        posit employment job
        pric charg cost fee
        purchas buy order
        query find look lookup search seek
        recommend suggest
        remov delet destroy drop eras
        rent hir leas
        reply answer respond respons
        reserv book reservat
        reservat book reserv
        respond answer reply respons
        respons answer reply respond
        retriev fetch find look lookup obtain
        revok abort cancel
        say speak tell
        search find look lookup query seek
        seek find look lookup query search
        send deliver dispatch submit transmit
        show display enumerat list
        small littl tiny
        song music track tun
        speak say tell
        speed velocity
        start begin launch
        stop end finish halt terminat
        submit deliver dispatch send transmit
        suggest recommend
        tell say speak
        terminat end finish halt stop
        test check validat verify
        tiny littl small
        total count number
        town city
        track music song tun
        transform convers convert
        transmit deliver dispatch send submit
        travel journey trip
        trip journey travel
        tun music song track
        updat alter chang edit modify
        user account customer
        validat check test verify
        vehicl automobil car
        velocity speed
        verify check test validat
        work calculat comput determin estimat

        """
    private static let plainLines: StaticString = """
        abort cancel revoke
        account customer user
        add build create generate make new
        alter change edit modify update
        answer reply respond response
        appointment meeting
        attorney lawyer
        automobile car vehicle
        begin launch start
        big huge large
        book booking reservation reserve
        booking book reservation reserve
        bug error fault
        build add create generate make new
        buy order purchase
        calculate compute determine estimate work
        cancel abort revoke
        car automobile vehicle
        cash currency money
        change alter edit modify update
        charge cost fee price
        check test validate verify
        city town
        compute calculate determine estimate work
        conversion convert transform
        convert conversion transform
        cost charge fee price
        count number total
        create add build generate make new
        currency cash money
        customer account user
        delete destroy drop erase remove
        deliver dispatch send submit transmit
        destroy delete drop erase remove
        determine calculate compute estimate work
        dispatch deliver send submit transmit
        display enumerate list show
        doctor physician
        drop delete destroy erase remove
        edit alter change modify update
        email mail message
        employment job position
        end finish halt stop terminate
        enumerate display list show
        erase delete destroy drop remove
        error bug fault
        estimate calculate compute determine work
        fault bug error
        fee charge cost price
        fetch find look lookup obtain retrieve
        film movie
        find fetch look lookup obtain query retrieve search seek
        finish end halt stop terminate
        generate add build create make new
        halt end finish stop terminate
        hire lease rent
        home house
        house home
        huge big large
        image photo picture
        job employment position
        journey travel trip
        large big huge
        launch begin start
        lawyer attorney
        lease hire rent
        list display enumerate show
        little small tiny
        look fetch find lookup obtain query retrieve search seek
        lookup fetch find look obtain query retrieve search seek
        mail email message
        make add build create generate new
        meeting appointment
        message email mail
        modify alter change edit update
        money cash currency
        movie film
        music song track tune
        new add build create generate make
        number count total
        obtain fetch find look lookup retrieve
        order buy purchase
        photo image picture
        physician doctor
        picture image photo
        position employment job
        price charge cost fee
        purchase buy order
        query find look lookup search seek
        recommend suggest
        remove delete destroy drop erase
        rent hire lease
        reply answer respond response
        reservation book booking reserve
        reserve book booking reservation
        respond answer reply response
        response answer reply respond
        retrieve fetch find look lookup obtain
        revoke abort cancel
        say speak tell
        search find look lookup query seek
        seek find look lookup query search
        send deliver dispatch submit transmit
        show display enumerate list
        small little tiny
        song music track tune
        speak say tell
        speed velocity
        start begin launch
        stop end finish halt terminate
        submit deliver dispatch send transmit
        suggest recommend
        tell say speak
        terminate end finish halt stop
        test check validate verify
        tiny little small
        total count number
        town city
        track music song tune
        transform conversion convert
        transmit deliver dispatch send submit
        travel journey trip
        trip journey travel
        tune music song track
        update alter change edit modify
        user account customer
        validate check test verify
        vehicle automobile car
        velocity speed
        verify check test validate
        work calculate compute determine estimate

        """

    private static let stemmed = build(stemming: true)
    private static let plain = build(stemming: false)

    static func build(stemming: Bool) -> [String: [String]] {
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
