import JSON

/// The rule-pack schema, compiled in so that validation needs no file lookup. It is the same
/// document as `protocol/rule-pack.schema.json` (a test keeps the two equal).
enum RulePackSchema {
    static let text = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://toolwright.dev/schemas/rule-pack.schema.json",
          "title": "Toolwright rule pack",
          "description": "Declarative rules over the normalised tool model ({\"tools\": [{name, title, description, inputSchema, outputSchema, annotations, dialect}]}).",
          "type": "object",
          "required": ["rules"],
          "additionalProperties": false,
          "properties": {
            "$schema": {"type": "string"},
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"},
            "description": {"type": "string"},
            "version": {"type": "string"},
            "rules": {
              "type": "object",
              "minProperties": 1,
              "additionalProperties": {"$ref": "#/$defs/rule"}
            }
          },
          "$defs": {
            "rule": {
              "type": "object",
              "required": ["given", "then"],
              "additionalProperties": false,
              "properties": {
                "description": {"type": "string"},
                "message": {"type": "string"},
                "severity": {"enum": ["error", "warn", "warning", "info", "information", "hint", "off"]},
                "category": {"enum": ["naming", "description", "parameters", "schema", "output", "security", "set"]},
                "given": {
                  "anyOf": [
                    {"type": "string", "pattern": "^\\$"},
                    {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^\\$"}}
                  ]
                },
                "then": {
                  "anyOf": [
                    {"$ref": "#/$defs/then"},
                    {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/then"}}
                  ]
                }
              }
            },
            "then": {
              "type": "object",
              "required": ["function"],
              "additionalProperties": false,
              "properties": {
                "field": {"type": "string", "minLength": 1},
                "function": {
                  "enum": ["defined", "undefined", "truthy", "falsy", "pattern", "notPattern", "casing", "length",
                           "enumeration", "schema", "tokenCount"]
                },
                "functionOptions": {"type": "object"}
              }
            }
          }
        }
        """#

    static let validator: SchemaValidator = {
        // The text is a constant checked by tests; failing to parse it is a programming error.
        let value = (try? Jansson.decode(text)) ?? .object([])
        return SchemaValidator(schema: value)
    }()
}
