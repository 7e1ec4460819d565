import Foundation
import HTCDS

/// What one rule that reads one column made of each distinct cell: the
/// outcome and what it reported, keyed by the cell's bytes. A rule's outcome
/// is a function of its cell's text alone (cleaning, empty tokens, splitting,
/// the value map and the converter are all pure), so a cell seen before is
/// answered without a String, a lookup or a conversion; what it reported is
/// reported again at the new record's location, and the field's JSON is
/// rendered once and copied after that.
///
/// Columns whose cells rarely repeat (names, dates, notes) would only fill
/// it: after `trial` lookups a memo that mostly missed turns itself off.
/// Whether it is on changes the speed, never the result.
///
/// One per rule and mapping thread, kept where the thread's scratch points:
/// a struct behind a pointer, because every change to a class's property is
/// checked at run time for overlapping access, which cost more than the lookup.
struct CellMemo {
    /// Distinct cells kept; beyond it cells are mapped each time.
    static let capacity = 2048
    /// Lookups after which a memo that misses three times in four gives up
    /// (a column of yes/no flags has hundreds of combinations, but they repeat).
    static let trial = 2048

    /// What a rule reported for a cell, without the record's location.
    enum Event {
        case issue(IssueCode, Severity, String)
        case unmapped(String, becameOther: Bool)
        case invalid(String?, reason: String)
    }

    private(set) var isOn = true
    private var lookups = 0
    private var misses = 0
    /// Entries, in parallel arrays (copying an entry struct retained each part).
    private var hashes: [UInt64] = []
    private var keyEnds: [Int] = []
    private var keys: [UInt8] = []
    private(set) var outcomes: [FieldRule.Outcome] = []
    /// Whether the entry's outcome has a value, and whether it has more
    /// (a reason it is invalid, notes): asked on every hit, so that the
    /// outcome itself (three references) is copied only when it must be.
    private(set) var hasValue: [Bool] = []
    private(set) var hasMore: [Bool] = []
    private var events: [[Event]] = []
    /// Each entry's field as the writer renders it (`,"key":value`), made on first use.
    private var fragmentRanges: [Range<Int>?] = []
    private var fragments: [UInt8] = []
    /// Open addressing over the entries (index + 1; 0 is free), twice the capacity.
    private var slots = [Int32](repeating: 0, count: CellMemo.capacity * 2)

    /// The entry remembering `cell`, if any.
    mutating func find(_ cell: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        lookups += 1
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { break }
            let entry = stored - 1
            if hashes[entry] == hash && sameKey(entry, cell) { return entry }
            slot = (slot + 1) & (slots.count - 1)
        }
        misses += 1
        if lookups >= Self.trial && misses * 4 > lookups * 3 { turnOff() }
        return nil
    }

    /// Keeps a cell's outcome; its entry, or nil when the memo is full or off.
    mutating func remember(_ cell: UnsafeBufferPointer<UInt8>, hash: UInt64, outcome: FieldRule.Outcome,
                           events reported: [Event]) -> Int? {
        guard isOn, outcomes.count < Self.capacity else { return nil }
        keys.append(contentsOf: cell)
        keyEnds.append(keys.count)
        hashes.append(hash)
        var kept = outcome
        kept.value = outcome.value?.unshared
        outcomes.append(kept)
        hasValue.append(kept.value != nil)
        hasMore.append(kept.invalidReason != nil || !kept.notes.isEmpty)
        events.append(reported)
        fragmentRanges.append(nil)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(outcomes.count)
        return outcomes.count - 1
    }

    /// Reports what the entry's cell reported, at `location`.
    func replayEvents(of entry: Int, field: Field, columns: [String], at location: SourceLocation, into report: MappingSink) {
        guard !events[entry].isEmpty else { return }
        for event in events[entry] {
            switch event {
            case .issue(let code, let severity, let message):
                report.report(Issue(code, severity, message, at: location))
            case .unmapped(let value, let becameOther):
                report.unmappedValue(value, field: field, columns: columns, at: location, becameOther: becameOther)
            case .invalid(let value, let reason):
                report.invalidValue(value, field: field, columns: columns, reason: reason, at: location)
            }
        }
    }

    /// Appends the entry's field as `renderer` writes it in `slot` (the entry must have a value).
    mutating func appendFragment(of entry: Int, slot: Int, renderer: FieldRenderer, to output: inout [UInt8]) {
        if fragmentRanges[entry] == nil, let value = outcomes[entry].value {
            let start = fragments.count
            renderer.appendField(slot, value, to: &fragments)
            fragmentRanges[entry] = start..<fragments.count
        }
        guard let range = fragmentRanges[entry] else { return }
        fragments.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    private func sameKey(_ entry: Int, _ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = entry == 0 ? 0 : keyEnds[entry - 1]
        guard keyEnds[entry] - start == cell.count else { return false }
        guard let base = cell.baseAddress, !cell.isEmpty else { return true }
        return keys.withUnsafeBufferPointer { keys in memcmp(base, keys.baseAddress! + start, cell.count) == 0 }
    }

    private mutating func turnOff() {
        isOn = false
        hashes = []
        keyEnds = []
        keys = []
        outcomes = []
        hasValue = []
        hasMore = []
        events = []
        fragmentRanges = []
        fragments = []
        slots = []
    }

    /// FNV-1a over the cell's bytes.
    static func hash(_ cell: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in cell {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}

/// Passes what a rule reports on to the run's sink and keeps it, without
/// locations, for the cell memo. Reused for every miss of one thread; it
/// also makes the memo's keys of rules that read several cells.
final class RecordingSink: MappingSink {
    private var target: MappingSink?
    private(set) var events: [CellMemo.Event] = []
    private var key: [UInt8] = []

    /// The cells of `columns` as one key: each cell's length, then its bytes.
    func withKey<Result>(of columns: [Int], in row: RowCells, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var key: [UInt8] = []
        swap(&key, &self.key)
        defer { swap(&key, &self.key) }
        key.removeAll(keepingCapacity: true)
        for column in columns {
            row.withCell(column) { cell in
                withUnsafeBytes(of: UInt32(cell.count).littleEndian) { key.append(contentsOf: $0) }
                key.append(contentsOf: cell)
            }
        }
        return key.withUnsafeBufferPointer(body)
    }

    func start(forwardingTo target: MappingSink) {
        self.target = target
        events.removeAll(keepingCapacity: true)
    }

    func report(_ issue: Issue) {
        events.append(.issue(issue.code, issue.severity, issue.message))
        target?.report(issue)
    }

    func unmappedValue(_ value: String, field: Field, columns: [String], at location: SourceLocation, becameOther: Bool) {
        events.append(.unmapped(value, becameOther: becameOther))
        target?.unmappedValue(value, field: field, columns: columns, at: location, becameOther: becameOther)
    }

    func invalidValue(_ value: String?, field: Field, columns: [String], reason: String, at location: SourceLocation) {
        events.append(.invalid(value, reason: reason))
        target?.invalidValue(value, field: field, columns: columns, reason: reason, at: location)
    }
}
