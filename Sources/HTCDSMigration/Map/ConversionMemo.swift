/// What one rule decided for an item text: a pure function of the text, kept
/// for the rules whose texts repeat (picklists, code lists, checkboxes, value-
/// mapped columns; `FieldRule.looksItemsUp`), so each distinct text is mapped
/// and looked up once per worker instead of once per record. Reports still
/// happen per record (the memo keeps decisions, not locations).
final class ConversionMemo {
    enum Decision {
        /// The value map said to drop it.
        case ignored
        /// What the converter made of the (mapped) text.
        case converted(ValueConverter.ItemResult)
    }

    /// Distinct texts kept per rule; beyond it items are converted each time.
    static let capacity = 4096

    private(set) var decisions: [String: Decision] = [:]

    func decision(for text: String) -> Decision? { decisions[text] }

    func remember(_ decision: Decision, for text: String) {
        guard decisions.count < Self.capacity else { return }
        // A copy of the value's text, so that threads do not share (and
        // fight over the reference count of) the standard's strings.
        var kept = decision
        if case .converted(.value(let value)) = decision { kept = .converted(.value(value.unshared)) }
        decisions[String(decoding: Array(text.utf8), as: UTF8.self)] = kept
    }
}
