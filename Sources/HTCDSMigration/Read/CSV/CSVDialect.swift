/// How a CSV file is written: the options of the `csv` and `spreadsheet`
/// readers. A spreadsheet-saved CSV is this dialect with `spreadsheet` set,
/// not another parser.
public struct CSVDialect: Sendable {
    public enum Delimiter: Sendable, Equatable {
        case sniff
        case byte(UInt8)
    }

    public enum RaggedPolicy: String, Sendable {
        case keep, reject
    }

    public var encoding: TextEncoding = .auto
    public var delimiter: Delimiter = .sniff
    /// The row (1-based, after skipped lines) that names the columns; nil:
    /// found (`header_row: auto`, the default), title rows, notes and blank
    /// rows above it skipped (`HeaderRowDetection`).
    public var headerRow: Int?
    /// Whether the header row is found: none is given, and no data row
    /// (which counts from row 1).
    var detectsHeaderRow: Bool { headerRow == nil && dataRow == nil }
    /// Header rows that together name the columns (`header_rows: 2`: a group
    /// label over `Name | Date of birth` gives `Victim / Name`).
    public var headerRows = 1
    /// The first data row; rows between the header and it are skipped (the
    /// label row under the HTCDS template's hidden field-name row). Default: next.
    public var dataRow: Int?
    /// Rows before the header whose text matches this regular expression are dropped.
    public var skipLinesMatching: String?
    public var ragged: RaggedPolicy = .keep
    /// Excel, LibreOffice and Google Sheets habits: a `sep=;` first line, error
    /// cells (`#N/A`), trailing empty columns.
    public var spreadsheet = false
    /// Bytes read at a time; small in tests to split records across chunks.
    public var chunkSize = 64 * 1024
    /// The most bytes one record may take (see `ReaderRequest.maxRecordBytes`).
    public var maxRecordBytes = ReaderRequest.defaultMaxRecordBytes

    public init() {}

    static let sniffCandidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    /// The delimiter these lines most consistently use outside quotes; comma if none.
    static func sniffDelimiter(in bytes: ArraySlice<UInt8>) -> UInt8 {
        var lines: [[UInt8: Int]] = [[:]]
        var inQuotes = false
        for byte in bytes.prefix(64 * 1024) {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D {
                if !(lines.last?.isEmpty ?? true) { lines.append([:]) }
                if lines.count > 20 { break }
                continue
            }
            if sniffCandidates.contains(byte) { lines[lines.count - 1][byte, default: 0] += 1 }
        }
        let counted = lines.filter { !$0.isEmpty }
        var best: (byte: UInt8, consistent: Bool, count: Int)?
        for candidate in sniffCandidates {
            let counts = counted.map { $0[candidate] ?? 0 }
            guard let first = counts.first, first > 0 else { continue }
            let consistent = counts.allSatisfy { $0 == first }
            let score = (candidate, consistent, first)
            if best == nil || (consistent && !best!.consistent)
                || (consistent == best!.consistent && first > best!.count) {
                best = score
            }
        }
        return best?.byte ?? UInt8(ascii: ",")
    }
}
