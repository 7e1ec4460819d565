/// A data file compiled into the executable: its name and its text, written
/// by Scripts/generate-standard-resources.py as a raw string literal in
/// `Resources/NAME.swift`. Nothing is read from disk at run time, so the
/// executable runs alone, from any folder (a resource bundle is found only
/// beside the executable or at its build path).
struct EmbeddedResource: Sendable {
    let name: String
    let text: String

    /// Calls `body` with the text's UTF-8 bytes, in place (a literal's bytes
    /// are contiguous; another string's are copied once).
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
