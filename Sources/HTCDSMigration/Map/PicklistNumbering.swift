import HTCDS

/// Numbers the values of the picklists among a plan's target fields, one
/// after another (slot by slot, each picklist in the standard's order), so
/// that the values a case holds are a `SmallIntSet` made on the mapping
/// thread (`PicklistPicker`) and counted, when the case is written, the way
/// its filled slots are: the report's distribution of each picklist field
/// counts written cases only, whatever settling rejects after mapping.
///
/// A picklist's numbers never cross a multiple of 64 (a picklist that
/// would starts at the next one, leaving numbers unused), so that the
/// values a case holds in it are one word's bits.
struct PicklistNumbering: Sendable {
    /// Each picklist's slot and first number, side by side with the
    /// number of each of its values by name.
    let slots: [Int]
    let firsts: [Int]
    private let numbers: [[String: Int]]
    /// Each value numbered: its number, slot and name, in order.
    let values: [(number: Int, slot: Int, name: String)]
    /// One more than the highest number.
    let count: Int

    init(fields: [Field]) {
        var slots: [Int] = [], firsts: [Int] = [], numbers: [[String: Int]] = []
        var values: [(number: Int, slot: Int, name: String)] = []
        var next = 0
        // Country and language fields take codes from ISO lists, not values of their own.
        for (slot, field) in fields.enumerated()
        where (field.type == .picklist || field.type == .multiselectPicklist) && field.hasPicklist && field.codeList == nil {
            // A value's numbers are bits of a word, the top one spare (`PicklistPicker`); the standard's longest has 21.
            precondition(field.values.count < 64, "\(field.name) has more picklist values than a word holds")
            if next % 64 + field.values.count > 64 { next += 64 - next % 64 }
            slots.append(slot)
            firsts.append(next)
            numbers.append(Dictionary(uniqueKeysWithValues: field.values.enumerated().map { ($1.name, $0) }))
            for (offset, value) in field.values.enumerated() { values.append((next + offset, slot, value.name)) }
            next += field.values.count
        }
        self.slots = slots
        self.firsts = firsts
        self.numbers = numbers
        self.values = values
        count = next
    }

    /// A value's numbers in picklist `index`, as bits from its first. A
    /// multiselect's values are each numbered; a name that is no value of
    /// the picklist (none is: the converter only makes its names) has no number.
    func bits(of value: HTCDSValue?, picklist index: Int) -> UInt64 {
        switch value {
        case .text(let name)?:
            return numbers[index][name].map { 1 << UInt64($0) } ?? 0
        case .list(let names)?:
            return names.reduce(0) { bits, name in bits | (numbers[index][name].map { 1 << UInt64($0) } ?? 0) }
        default:
            return 0
        }
    }
}
