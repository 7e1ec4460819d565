import Foundation
import HTCDS

/// What one rule made of each distinct cell (or cells, for a rule that reads
/// several): the outcome and what it reported, keyed by the cells' bytes. A
/// rule without a condition depends on its cells' text alone (cleaning,
/// empty tokens, splitting, the value map and the converter are all pure),
/// so a cell seen before is answered without a String, a lookup or a
/// conversion; what it reported is reported again at the new record's
/// location. An entry's number stands for its value for the memo's life
/// (entries are never reused: a memo that turns itself off makes no more),
/// which lets an encoder encode each remembered value once (`CaseValues`).
///
/// Columns whose cells rarely repeat (names, dates, notes) would only fill
/// it: after `trial` lookups a memo that mostly missed turns itself off.
/// Whether it is on changes the speed, never the result.
///
/// One per rule and mapping thread, kept where the thread's scratch points:
/// a struct behind a pointer, because every change to a class's property is
/// checked at run time for overlapping access, which cost more than the lookup.
struct CellMemo: ~Copyable {
    /// Distinct cells kept; beyond it cells are mapped each time.
    static let capacity = 2048  // below 4,096: a slot keeps an entry's index in 12 bits
    /// Lookups after which a memo that misses three times in four gives up
    /// (a column of yes/no flags has hundreds of combinations, but they repeat).
    static let trial = 2048

    /// What a rule reported for a cell, without the record's location.
    enum Event {
        case issue(IssueCode, Severity, String)
        case unmapped(String, becameOther: Bool)
        case invalid(String?, problem: ValueProblem)
    }

    private(set) var isOn = true
    private var lookups = 0
    private var misses = 0
    private var count = 0
    /// Entries the tables have room for now: they start small and double up
    /// to `capacity` (most columns hold a handful of distinct cells).
    private var room = 0
    // What every lookup reads is in memory of the memo's own, not in arrays:
    // reading an array's element through a pointer retained its storage.
    /// Open addressing over the entries, twice the room: a slot holds the
    /// entry's index + 1 (0 is free) in its low bits and the top bits of
    /// its hash above them (`Slot`), so that a slot of another cell is
    /// passed over without reading its entry (for a column of e-mail
    /// addresses, say, a full table of entries that rarely match).
    private var table: UnsafeMutablePointer<UInt32>?
    /// What a lookup reads of an entry, side by side: a hit touches the
    /// table's slot, the entry and its key (one array for each part read sat
    /// in as many places in memory).
    private var entries: UnsafeMutablePointer<Entry>?
    private var keys = ByteArena()
    private(set) var outcomes: [FieldRule.Outcome] = []
    private var events: [[Event]] = []

    private enum Slot {
        static let entryBits: UInt32 = 12
        static let entryMask: UInt32 = 1 << entryBits - 1
        static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> (64 - (32 - UInt64(entryBits)))) << entryBits }
    }

    private struct Entry {
        let hash: UInt64
        /// The cell's bytes in `keys`.
        let keyStart: Int32
        let keyEnd: Int32
        /// Asked on every hit, so that the outcome itself (three references)
        /// is copied only when it must be.
        let contents: Contents
    }

    struct Contents: OptionSet {
        let rawValue: UInt8
        static let value = Contents(rawValue: 1)
        /// A reason it is invalid, or notes.
        static let more = Contents(rawValue: 2)
        /// Something reported.
        static let events = Contents(rawValue: 4)
    }

    init(on: Bool = true) {
        isOn = on
    }

    deinit { deallocateTables() }

    /// The entry remembering `cell` and what it holds, if any.
    @inline(__always)
    mutating func lookUp(_ cell: ByteView) -> (entry: Int, contents: Contents)? {
        guard let entry = find(cell, hash: Self.hash(cell)), let entries else { return nil }
        return (entry, entries[entry].contents)
    }

    /// The entry remembering `cell`, if any.
    mutating func find(_ view: ByteView, hash: UInt64) -> Int? {
        let cell = view.buffer
        lookups += 1
        if let table, let entries {
            let mask = room * 2 - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            let tag = Slot.tag(hash)
            while table[slot] != 0 {
                let held = table[slot]
                let entry = Int(held & Slot.entryMask) - 1
                if held & ~Slot.entryMask == tag && entries[entry].hash == hash {
                    let start = Int(entries[entry].keyStart)
                    if Int(entries[entry].keyEnd) - start == cell.count
                        && (cell.isEmpty || Self.sameBytes(keys.base + start, cell.baseAddress!, count: cell.count)) {
                        return entry
                    }
                }
                slot = (slot + 1) & mask
            }
        }
        misses += 1
        if lookups >= Self.trial && misses * 4 > lookups * 3 { turnOff() }
        return nil
    }

    /// Keeps a cell's outcome; its entry, or nil when the memo is full or off.
    mutating func remember(_ cell: ByteView, hash: UInt64, outcome: FieldRule.Outcome,
                           events reported: [Event]) -> Int? {
        guard isOn, count < Self.capacity else { return nil }
        if count == room { grow() }
        guard let table, let entries else { return nil }
        let entry = count
        let keyStart = Int32(keys.count)
        keys.append(cell.buffer)
        var kept = outcome
        kept.value = outcome.value?.unshared
        outcomes.append(kept)
        var holds: Contents = []
        if kept.value != nil { holds.insert(.value) }
        if kept.invalidReason != nil || !kept.notes.isEmpty { holds.insert(.more) }
        if !reported.isEmpty { holds.insert(.events) }
        (entries + entry).initialize(to: Entry(hash: hash, keyStart: keyStart, keyEnd: Int32(keys.count), contents: holds))
        events.append(reported)
        count += 1
        Self.place(entry, hash: hash, in: table, room: room)
        return entry
    }

    private static func place(_ entry: Int, hash: UInt64, in table: UnsafeMutablePointer<UInt32>, room: Int) {
        let mask = room * 2 - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = Slot.tag(hash) | UInt32(entry + 1)
    }

    /// Room for twice as many entries (16 at first), the table made anew.
    private mutating func grow() {
        let newRoom = room == 0 ? 16 : room * 2
        func moved<Element>(_ old: UnsafeMutablePointer<Element>?) -> UnsafeMutablePointer<Element> {
            let new = UnsafeMutablePointer<Element>.allocate(capacity: newRoom)
            if let old {
                new.moveInitialize(from: old, count: count)
                old.deallocate()
            }
            return new
        }
        entries = moved(entries)
        table?.deallocate()
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: newRoom * 2)
        table.initialize(repeating: 0, count: newRoom * 2)
        for entry in 0..<count { Self.place(entry, hash: entries![entry].hash, in: table, room: newRoom) }
        self.table = table
        room = newRoom
    }

    private mutating func release() {
        deallocateTables()
        (table, entries) = (nil, nil)
    }

    private func deallocateTables() {
        table?.deallocate()
        entries?.deallocate()
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
            case .invalid(let value, let problem):
                report.invalidValue(value, field: field, columns: columns, problem: problem, at: location)
            }
        }
    }

    private mutating func turnOff() {
        isOn = false
        release()
        keys = ByteArena(capacity: 16)
        outcomes = []
        events = []
        count = 0
        room = 0
    }

    /// Whether `count` bytes at `a` and `b` are the same: cells are short
    /// (most under 16 bytes), so two overlapping words, not a call to `memcmp`.
    @inline(__always)
    static func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        let (a, b) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        switch count {
        case 8...16:
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        case 4..<8:
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        case 0..<4:
            for offset in 0..<count where a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) {
                return false
            }
            return true
        default:
            return memcmp(a, b, count) == 0
        }
    }

    /// A hash of the cell's bytes, eight at a time (a multiply and a
    /// rotation a word, then a final mix), with the length folded in.
    static func hash(_ view: ByteView) -> UInt64 {
        let cell = view.buffer
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(cell.count)
        guard let base = cell.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= cell.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash = (hash << 31) | (hash >> 33)
            offset += 8
        }
        if offset < cell.count {
            // The last bytes as one word: the last eight (overlapping words
            // already mixed), or for a shorter cell its first and last four
            // (overlapping) or its bytes. The length is in the hash already.
            var last: UInt64 = 0
            if cell.count >= 8 {
                last = raw.loadUnaligned(fromByteOffset: cell.count - 8, as: UInt64.self)
            } else if cell.count >= 4 {
                last = UInt64(raw.loadUnaligned(as: UInt32.self)) << 32
                    | UInt64(raw.loadUnaligned(fromByteOffset: cell.count - 4, as: UInt32.self))
            } else {
                for index in 0..<cell.count { last = (last << 8) | UInt64(base[index]) }
            }
            hash = (hash ^ last) &* 0xBF58_476D_1CE4_E5B9
        }
        hash ^= hash >> 29
        hash = hash &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 32)
    }
}

/// Passes what a rule reports on to the run's sink and keeps it, without
/// locations, for the cell memo. Reused for every miss of one thread.
/// (Used at every miss by plain statements only: no run-time exclusivity check.)
final class RecordingSink: MappingSink {
    @exclusivity(unchecked) private var target: MappingSink?
    @exclusivity(unchecked) private(set) var events: [CellMemo.Event] = []

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

    func invalidValue(_ value: String?, field: Field, columns: [String], problem: ValueProblem, at location: SourceLocation) {
        events.append(.invalid(value, problem: problem))
        target?.invalidValue(value, field: field, columns: columns, problem: problem, at: location)
    }
}
