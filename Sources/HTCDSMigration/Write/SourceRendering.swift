import HTCDS

/// A record's `"source":{"file":…,"line":…}`, the file's part made once for
/// each file (every record of an input repeats it).
struct SourceRendering {
    private var file: FileName?
    private var fileBytes: [UInt8] = []
    /// `fileBytes` and the line's key, for the records that have a line (nearly all).
    private var fileAndLineKey: [UInt8] = []
    /// An XML record path's part of `"path":"/export/cases/case[12]"`, up
    /// to its `[`: made once for each record path.
    private var recordPath: FileName?
    private var recordPathStart: [UInt8] = []
    /// A repeated element's part of `…/events/event[2]"`, from the `/` to its `[`: made once for each group path.
    private var groupPath: FileName?
    private var groupPathStart: [UInt8] = []

    /// `,"row":`, every CSV and workbook record's.
    private static let rowKey = Array(#","row":"#.utf8)

    mutating func append<Output: ByteOutput & ~Copyable>(_ location: SourceLocation, leadingComma: Bool, to line: inout Output) {
        if leadingComma { line.appendByte(UInt8(ascii: ",")) }
        if file != location.fileName {
            fileBytes.removeAll()
            JSONText.appendKey(JSONLineEncoder.sourceKey, to: &fileBytes)
            fileBytes.append(UInt8(ascii: "{"))
            JSONText.appendKey("file", to: &fileBytes)
            JSONText.appendString(location.file, to: &fileBytes)
            fileAndLineKey = fileBytes + #","line":"#.utf8
            file = location.fileName
        }
        if let number = location.line {
            fileAndLineKey.withUnsafeBufferPointer { line.appendBytes($0) }
            JSONLineEncoder.appendDecimal(number, to: &line)
        } else {
            fileBytes.withUnsafeBufferPointer { line.appendBytes($0) }
        }
        if let path = location.recordPath, let number = location.record {
            appendRecordPath(path, number, to: &line)
            line.appendByte(UInt8(ascii: "\""))
        } else if let grouped = location.groupedPath, let number = location.record {
            appendRecordPath(grouped.recordPath, number, to: &line)
            if groupPath != grouped.group {
                groupPathStart = []
                JSONText.appendString("/" + grouped.group.path + "[", to: &groupPathStart)
                groupPathStart.removeFirst()  // the opening quote
                groupPathStart.removeLast()  // the closing quote: the number and "]" follow
                groupPath = grouped.group
            }
            groupPathStart.withUnsafeBufferPointer { line.appendBytes($0) }
            JSONLineEncoder.appendDecimal(grouped.number, to: &line)
            line.appendByte(UInt8(ascii: "]"))
            line.appendByte(UInt8(ascii: "\""))
        } else if let path = location.path {
            line.appendUTF8(#","path":"#)
            JSONText.appendString(path, to: &line)
        }
        if let key = location.key {
            line.appendUTF8(#","key":"#)
            JSONText.appendString(key, to: &line)
        }
        if let sheet = location.sheet {
            line.appendUTF8(#","sheet":"#)
            JSONText.appendString(sheet, to: &line)
        }
        if let row = location.row {
            Self.rowKey.withUnsafeBufferPointer { line.appendBytes($0) }
            JSONLineEncoder.appendDecimal(row, to: &line)
        }
        line.appendByte(UInt8(ascii: "}"))
    }

    /// `,"path":"/export/cases/case[12]`: the record path and its number, the string left open.
    private mutating func appendRecordPath<Output: ByteOutput & ~Copyable>(_ path: FileName, _ number: Int,
                                                                           to line: inout Output) {
        if recordPath != path {
            recordPathStart = Array(#","path":"#.utf8)
            JSONText.appendString(path.path + "[", to: &recordPathStart)
            recordPathStart.removeLast()  // the closing quote: the number and "]" follow
            recordPath = path
        }
        recordPathStart.withUnsafeBufferPointer { line.appendBytes($0) }
        JSONLineEncoder.appendDecimal(number, to: &line)
        line.appendByte(UInt8(ascii: "]"))
    }
}
