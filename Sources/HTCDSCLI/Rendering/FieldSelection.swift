import HTCDS

/// Which fields `htcds fields` shows: named ones, or all filtered by entity and core.
struct FieldSelection {
    let fields: [Field]

    static func resolve(
        names: [String], entity entityText: String?, coreOnly: Bool, in standard: Standard
    ) throws -> FieldSelection {
        var entity: Entity?
        if let entityText {
            guard let match = Entity(lenient: entityText) else {
                let known = Entity.allCases.map(\.prefix).joined(separator: ", ")
                throw CommandFailure.badInput("unknown entity '\(entityText)'; the entities are \(known)")
            }
            entity = match
        }
        var fields: [Field]
        if names.isEmpty {
            fields = entity.map { standard.fields(in: $0) } ?? standard.fields
        } else {
            fields = try names.map { try resolve(name: $0, entity: entity, in: standard) }
        }
        if coreOnly { fields = fields.filter(\.isCore) }
        return FieldSelection(fields: fields)
    }

    private static func resolve(name: String, entity: Entity?, in standard: Standard) throws -> Field {
        switch standard.resolveField(name, in: entity) {
        case .found(let field):
            return field
        case .ambiguous(let fields):
            let names = fields.map(\.name).joined(separator: ", ")
            throw CommandFailure.badInput("'\(name)' names several fields: \(names); give the full name")
        case .notFound(let suggestions):
            var message = "unknown field '\(name)'"
            if !suggestions.isEmpty {
                message += "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
            }
            throw CommandFailure.badInput(message + " (htcds fields lists them all)")
        }
    }
}
