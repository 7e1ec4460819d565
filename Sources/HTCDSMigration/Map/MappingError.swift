import HTCDS

/// A mistake in a mapping file (`MappingFinding`: a stable code and its
/// parameters, its words rendered there), at its line and column. Mapping
/// errors stop a run before any data is written.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    let finding: MappingFinding
    public let location: SourceLocation

    init(_ finding: MappingFinding, at location: SourceLocation) {
        self.finding = finding
        self.location = location
    }

    public var code: IssueCode { finding.code }
    public var message: String { finding.message }

    /// `file:line:column: error: message`, as compilers print it.
    public var description: String { "\(location): error: \(message)" }
}

/// Every mistake found in one mapping file, in the order of the file.
public struct MappingErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [MappingError]

    public init(_ errors: [MappingError]) {
        self.errors = errors.sorted {
            ($0.location.line ?? 0, $0.location.column ?? 0) < ($1.location.line ?? 0, $1.location.column ?? 0)
        }
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Collects mapping errors so that one run reports all of them, not only the first.
final class MappingDiagnostics {
    private(set) var errors: [MappingError] = []
    /// Things worth saying that do not stop a run (a deprecated field).
    private(set) var warnings: [MappingError] = []

    func warn(_ finding: MappingFinding, at location: SourceLocation) {
        warnings.append(MappingError(finding, at: location))
    }

    func error(_ finding: MappingFinding, at location: SourceLocation) {
        errors.append(MappingError(finding, at: location))
    }

    func add(_ error: MappingError) { errors.append(error) }

    /// Runs `body`, turning a thrown mapping error into a collected one.
    func attempt<T>(_ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let error as MappingError {
            errors.append(error)
        } catch let error as MappingErrors {
            errors.append(contentsOf: error.errors)
        } catch {
            errors.append(MappingError(.unexpected("\(error)"), at: SourceLocation(file: "")))
        }
        return nil
    }

    func throwIfAny() throws {
        if !errors.isEmpty { throw MappingErrors(errors) }
    }
}

extension MappingError {
    /// A name that is no field of the standard, with the nearest field's name when one is near.
    static func fieldUnknown(_ name: String, standard: Standard, at location: SourceLocation) -> MappingError {
        let suggestion: String? = switch standard.resolveField(name) {
        case .found(let match): match.name
        case .notFound(let suggestions) where !suggestions.isEmpty: suggestions[0]
        default: nil
        }
        return MappingError(.fieldUnknown(name: name, version: standard.version, suggestion: suggestion), at: location)
    }
}
