/// The answer of every lookup: a miss is a value, never a crash.
public enum LookupResult<Match: Sendable>: Sendable {
    case found(Match)
    /// The text names several things equally well (the label "Longitude").
    case ambiguous([Match])
    /// Nothing matched; `suggestions` are the nearest known spellings, best first.
    case notFound(suggestions: [String])

    public var match: Match? {
        if case .found(let match) = self { return match }
        return nil
    }
}

extension LookupResult: Equatable where Match: Equatable {}
