import CJansson

/// An error reported by jansson while decoding, with its position as jansson gives it.
/// jansson's positions point just *past* the offending token; the editor-facing parser in
/// `SourceDocument` reports token starts instead.
public struct JanssonError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var line: Int
    public var column: Int
    /// Byte offset (just past the offending token).
    public var position: Int
    public var code: Int

    public var description: String { "\(text) at line \(line), column \(column)" }
}

/// Decoding and encoding through libjansson: the C parser is the reference the Swift
/// position-tracking parser is tested against, and the encoder for machine-read output.
public enum Jansson {
    public struct DecodeOptions: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Reject `{"a":1,"a":2}` instead of silently keeping the last value.
        public static let rejectDuplicates = DecodeOptions(rawValue: Int(JSON_REJECT_DUPLICATES))
        /// Accept a scalar at the top level.
        public static let decodeAny = DecodeOptions(rawValue: Int(JSON_DECODE_ANY))
        public static let allowNul = DecodeOptions(rawValue: Int(JSON_ALLOW_NUL))
    }

    /// Decodes one JSON text from a buffer (`json_loadb`; never `json_loadfd`, which reads a
    /// byte per syscall).
    public static func decode(_ bytes: some Collection<UInt8>, options: DecodeOptions = [.decodeAny]) throws
        -> JSONValue
    {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer in
            var error = json_error_t()
            let root = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                json_loadb($0, buffer.count, Int(options.rawValue), &error)
            }
            guard let root else { throw JanssonError(error) }
            defer { json_decref(root) }
            return convert(root)
        }
    }

    public static func decode(_ text: String, options: DecodeOptions = [.decodeAny]) throws -> JSONValue {
        try decode(Array(text.utf8), options: options)
    }

    public struct EncodeOptions: Sendable {
        public var indent: Int
        public var sortKeys: Bool
        public var ensureASCII: Bool
        public init(indent: Int = 0, sortKeys: Bool = false, ensureASCII: Bool = false) {
            self.indent = indent
            self.sortKeys = sortKeys
            self.ensureASCII = ensureASCII
        }
    }

    /// Encodes through `json_dumpb`. Objects with duplicate keys keep the last value (jansson
    /// objects cannot hold duplicates). Doubles come out as `%.17g`; for text people read use
    /// `JSONValue.serialized`.
    public static func encode(_ value: JSONValue, options: EncodeOptions = .init()) -> [UInt8] {
        guard let root = build(value) else { return Array("null".utf8) }
        defer { json_decref(root) }
        var flags = JSON_ENCODE_ANY
        if options.indent > 0 { flags |= Int32(min(options.indent, 31) & 0x1F) } else { flags |= JSON_COMPACT }
        if options.sortKeys { flags |= JSON_SORT_KEYS }
        if options.ensureASCII { flags |= JSON_ENSURE_ASCII }
        let size = json_dumpb(root, nil, 0, Int(flags))
        guard size > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: size) {
                json_dumpb(root, $0, size, Int(flags))
            }
        }
    }

    static func convert(_ value: UnsafeMutablePointer<json_t>) -> JSONValue {
        switch value.pointee.type {
        case JSON_NULL: return .null
        case JSON_TRUE: return .bool(true)
        case JSON_FALSE: return .bool(false)
        case JSON_INTEGER: return .integer(Int64(json_integer_value(value)))
        case JSON_REAL: return .double(json_real_value(value))
        case JSON_STRING:
            let bytes = UnsafeRawBufferPointer(start: json_string_value(value), count: json_string_length(value))
            return .string(String(decoding: bytes, as: UTF8.self))
        case JSON_ARRAY:
            let count = json_array_size(value)
            var items: [JSONValue] = []
            items.reserveCapacity(count)
            for i in 0..<count {
                items.append(convert(json_array_get(value, i)))
            }
            return .array(items)
        case JSON_OBJECT:
            var members: [JSONMember] = []
            var iterator = json_object_iter(value)
            while let it = iterator {
                let keyBytes = UnsafeRawBufferPointer(
                    start: json_object_iter_key(it), count: json_object_iter_key_len(it))
                members.append(
                    JSONMember(String(decoding: keyBytes, as: UTF8.self), convert(json_object_iter_value(it))))
                iterator = json_object_iter_next(value, it)
            }
            return .object(members)
        default:
            return .null
        }
    }

    /// Builds a jansson tree; the caller owns the returned reference.
    static func build(_ value: JSONValue) -> UnsafeMutablePointer<json_t>? {
        switch value {
        case .null: return json_null()
        case .bool(let b): return b ? json_true() : json_false()
        case .integer(let i): return json_integer(json_int_t(i))
        case .double(let d): return d.isFinite ? json_real(d) : json_null()
        case .string(let s):
            var s = s
            return s.withUTF8 { utf8 in
                utf8.baseAddress.map {
                    $0.withMemoryRebound(to: CChar.self, capacity: utf8.count) { json_stringn_nocheck($0, utf8.count) }
                } ?? json_string("")
            }
        case .array(let items):
            let array = json_array()
            for item in items {
                json_array_append_new(array, build(item))
            }
            return array
        case .object(let members):
            let object = json_object()
            for member in members {
                var key = member.key
                key.withUTF8 { utf8 in
                    let child = build(member.value)
                    if let base = utf8.baseAddress {
                        _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                            json_object_setn_new_nocheck(object, $0, utf8.count, child)
                        }
                    } else {
                        _ = json_object_setn_new_nocheck(object, "", 0, child)
                    }
                }
            }
            return object
        }
    }
}

extension JanssonError {
    init(_ error: json_error_t) {
        var error = error
        let text = withUnsafeBytes(of: &error.text) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        self.init(
            text: text, line: Int(error.line), column: Int(error.column), position: Int(error.position),
            code: Int(json_error_code(&error).rawValue))
    }
}
