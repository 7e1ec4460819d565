import Foundation
import HTCDS

/// What one rule that reads one column made of each distinct cell: the
/// outcome and what it reported, keyed by the cell's bytes. A rule's outcome
/// is a function of its cell's text alone (cleaning, empty tokens, splitting,
/// the value map and the converter are all pure), so a cell seen before is
/// answered without a String, a lookup or a conversion; what it reported is
/// reported again at the new record's location.
///
/// Columns whose cells rarely repeat (names, dates, notes) would only fill
/// it: after `trial` lookups a memo that missed more often than it hit turns
/// itself off. Whether it is on changes the speed, never the result.
/// One per rule and mapping thread, kept where the thread's scratch points:
/// a struct behind a pointer, because every change to a class's property is
/// checked at run time for overlapping access, which cost more than the lookup.
struct CellMemo {
    /// Distinct cells kept; beyond it cells are mapped each time.
    static let capacity = 2048
    /// Lookups after which a memo that misses more than it hits gives up.
    static let trial = 512

    /// What a rule reported for a cell, without the record's location.
    enum Event {
        case issue(IssueCode, Severity, String)
        case unmapped(String, becameOther: Bool)
        case invalid(String?, reason: String)
    }

    private struct Entry {
        let hash: UInt64
        let keyStart: Int
        let keyLength: Int
        let outcome: FieldRule.Outcome
        let events: [Event]
    }

    private(set) var isOn = true
    private var lookups = 0
    private var misses = 0
    private var keys: [UInt8] = []
    private var entries: [Entry] = []
    /// Open addressing over `entries` (index + 1; 0 is free), twice the capacity.
    private var slots = [Int32](repeating: 0, count: CellMemo.capacity * 2)

    /// The remembered outcome of `cell`, its events reported at `location`.
    mutating func outcome(of cell: UnsafeBufferPointer<UInt8>, hash: UInt64, field: Field, columns: [String],
                 at location: SourceLocation, report: MappingSink) -> FieldRule.Outcome? {
        lookups += 1
        guard let entry = find(cell, hash: hash) else {
            misses += 1
            if lookups >= Self.trial && misses * 2 > lookups { turnOff() }
            return nil
        }
        for event in entry.events {
            Self.replay(event, field: field, columns: columns, at: location, into: report)
        }
        return entry.outcome
    }

    mutating func remember(_ cell: UnsafeBufferPointer<UInt8>, hash: UInt64, outcome: FieldRule.Outcome, events: [Event]) {
        guard isOn, entries.count < Self.capacity else { return }
        let start = keys.count
        keys.append(contentsOf: cell)
        var kept = outcome
        kept.value = outcome.value?.unshared
        entries.append(Entry(hash: hash, keyStart: start, keyLength: cell.count, outcome: kept, events: events))
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(entries.count)
    }

    private func find(_ cell: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Entry? {
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let stored = Int(slots[slot])
            guard stored != 0 else { return nil }
            let entry = entries[stored - 1]
            if entry.hash == hash && entry.keyLength == cell.count && sameBytes(cell, entry.keyStart) { return entry }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    private func sameBytes(_ cell: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        guard let base = cell.baseAddress, !cell.isEmpty else { return true }
        return keys.withUnsafeBufferPointer { keys in memcmp(base, keys.baseAddress! + start, cell.count) == 0 }
    }

    private mutating func turnOff() {
        isOn = false
        keys = []
        entries = []
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

    static func replay(_ event: Event, field: Field, columns: [String], at location: SourceLocation, into report: MappingSink) {
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

/// Passes what a rule reports on to the run's sink and keeps it, without
/// locations, for the cell memo. Reused for every miss of one thread.
final class RecordingSink: MappingSink {
    var target: MappingSink?
    private(set) var events: [CellMemo.Event] = []

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
