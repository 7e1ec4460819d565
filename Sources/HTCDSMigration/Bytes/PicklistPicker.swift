/// Says which picklist values a mapped case holds (`PicklistNumbering`), on
/// its mapping thread, for every case: what a value a `CellMemo` remembers
/// holds is worked out once and kept by memo entry (`EntryWords`), so a
/// case whose picklist cells were seen before costs a load and an `or` a
/// picklist; only the record's own values are looked up by name.
///
/// Invariants: `places` holds `count` places (the numbering's picklists)
/// for the value's life; a kept word has `known` set, the value's numbers
/// as bits from its picklist's first below it (a picklist has fewer than
/// 64 values). One per mapping thread.
struct PicklistPicker: ~Copyable {
    /// A picklist's slot and first number, and where its numbers are in a
    /// `SmallIntSet`: a shift within one of its inline words (a picklist
    /// never crosses one), or `word` -1 beyond them.
    private struct Place {
        let slot: Int
        let first: Int
        let word: Int
        let shift: Int
    }

    private let numbering: PicklistNumbering
    private let count: Int
    private let places: UnsafeMutablePointer<Place>
    private var kept: EntryWords
    /// Set in a kept word: the value's numbers are known (and may be none).
    private static let known: UInt64 = 1 << 63

    init(_ numbering: PicklistNumbering) {
        self.numbering = numbering
        count = numbering.slots.count
        places = .allocate(capacity: max(1, count))
        places.initialize(from: zip(numbering.slots, numbering.firsts).map { slot, first in
            Place(slot: slot, first: first, word: first + 64 <= SmallIntSet.inlineCapacity ? first / 64 : -1, shift: first % 64)
        }, count: count)
        kept = EntryWords(tables: count)
    }

    deinit { places.deallocate() }

    /// The numbers of the values a case's `values` hold.
    mutating func picks(in values: MappedValues) -> SmallIntSet {
        var picks = SmallIntSet()
        for index in 0..<count {
            let place = places[index], slot = place.slot
            let entry = values.entry(slot: slot)
            var bits: UInt64
            if entry > 0 {
                bits = kept.word(table: index, entry: entry)
                if bits == 0 {
                    bits = Self.known | numbering.bits(of: values.rememberedValue(slot: slot, entry: entry), picklist: index)
                    kept.keep(bits, table: index, entry: entry)
                }
                bits &= ~Self.known
            } else if values.hasOwnValue(slot: slot) {
                bits = numbering.bits(of: values.ownValue(slot: slot), picklist: index)
            } else {
                continue
            }
            if place.word >= 0 {
                picks.insert(bits: bits << UInt64(place.shift), inWord: place.word)
            } else {
                picks.insert(bits: bits, from: place.first)
            }
        }
        return picks
    }
}
