/// libphonenumber's `parse` and `is_valid_number` on the digits of a number,
/// step for step (phonenumberutil.py of the pinned version), with its
/// numbering plans compiled to automata: the same E.164 form for every number
/// libphonenumber calls valid, and the same verdict on the others.
/// The text around the digits (punctuation, extensions) is the caller's.
public struct PhoneNumberParser: Sendable {
    public let plans: NumberingPlans

    public init(plans: NumberingPlans) {
        self.plans = plans
    }

    /// Why a number is not valid, in libphonenumber's terms.
    public enum Problem: Sendable, Equatable {
        case tooShort, tooLong, invalidLength
        /// "+" and a calling code no region has (+999), or no calling code and no region to take it from.
        case countryCodeUnknown
        /// A possible length, but not a number of the region's patterns (`+44 1234`).
        case notValidForRegion
    }

    public enum Verdict: Sendable, Equatable {
        case valid(e164: String)
        case invalid(Problem)
    }

    private static let minimumLength = 2    // _MIN_LENGTH_FOR_NSN
    private static let maximumLength = 17   // _MAX_LENGTH_FOR_NSN
    private static let maximumCodeLength = 3

    /// `digits`: the number's digits (values 0 to 9) in order; `international`:
    /// written with a leading "+"; `region`: where a number without one was written.
    public func parse(digits written: [UInt8], international: Bool, region: NumberingPlan?) -> Verdict {
        // More digits than any international prefix, calling code and national number together.
        guard let digits = PhoneDigits(written) else { return .invalid(.tooLong) }
        return parse(digits: digits, international: international, region: region)
    }

    public func parse(digits: PhoneDigits, international: Bool, region: NumberingPlan?) -> Verdict {
        if !international && region == nil { return .invalid(.countryCodeUnknown) }
        let extracted: (code: Int, national: PhoneDigits)
        do {
            extracted = try extractCountryCode(digits, international: international, region: region)
        } catch {
            // libphonenumber tries a "+" with an unknown code once more as written without it.
            guard international, error.problem == .countryCodeUnknown else { return .invalid(error.problem) }
            do {
                extracted = try extractCountryCode(digits, international: false, region: region)
            } catch {
                return .invalid(error.problem)
            }
            if extracted.code == 0 { return .invalid(.countryCodeUnknown) }
        }
        var plan = region
        var national: PhoneDigits
        if extracted.code != 0 {
            let main = plans.mainPlan(callingCode: extracted.code)
            if plan?.region != main?.region { plan = main }
            national = extracted.national
        } else {
            national = digits
        }
        guard let plan else { return .invalid(.countryCodeUnknown) }
        let code = extracted.code != 0 ? extracted.code : plan.callingCode
        if national.count < Self.minimumLength { return .invalid(.tooShort) }
        let stripped = stripNationalPrefix(national, plan: plan)
        switch plan.lengthVerdict(of: stripped.count) {
        case .tooShort, .possibleLocalOnly, .invalidLength: break
        case .possible, .tooLong: national = stripped
        }
        if national.count > Self.maximumLength { return .invalid(.tooLong) }
        if national.count < Self.minimumLength { return .invalid(.tooShort) }
        return verdict(code: code, national: national)
    }

    /// `is_valid_number`, and `is_possible_number_with_reason` when it is not.
    private func verdict(code: Int, national: PhoneDigits) -> Verdict {
        let candidates = plans.plans(callingCode: code)
        guard let main = candidates.first else { return .invalid(.countryCodeUnknown) }
        if isValid(national, among: candidates) {
            let prefix = main.callingCodeDigits
            let e164 = String(unsafeUninitializedCapacity: 1 + prefix.count + national.count) { buffer in
                buffer[0] = UInt8(ascii: "+")
                var end = 1
                for digit in prefix { buffer[end] = digit + UInt8(ascii: "0"); end += 1 }
                for digit in national { buffer[end] = digit + UInt8(ascii: "0"); end += 1 }
                return end
            }
            return .valid(e164: e164)
        }
        switch main.lengthVerdict(of: national.count) {
        case .tooShort: return .invalid(.tooShort)
        case .tooLong: return .invalid(.tooLong)
        case .invalidLength: return .invalid(.invalidLength)
        case .possible, .possibleLocalOnly: return .invalid(.notValidForRegion)
        }
    }

    /// `region_code_for_number`, then `is_valid_number_for_region`.
    private func isValid(_ national: PhoneDigits, among candidates: [NumberingPlan]) -> Bool {
        if candidates.count == 1 { return candidates[0].validNumber.accepts(national) }
        for plan in candidates {
            if let leading = plan.leadingDigits {
                if leading.accepts(national) { return plan.validNumber.accepts(national) }
            } else if plan.validNumber.accepts(national) {
                return true
            }
        }
        return false
    }

    private struct ProblemError: Error {
        let problem: Problem
    }

    /// `_maybe_extract_country_code`: the calling code (0 when none was written) and the rest.
    private func extractCountryCode(_ number: PhoneDigits, international: Bool,
                                    region: NumberingPlan?) throws(ProblemError) -> (code: Int, national: PhoneDigits) {
        if number.isEmpty { return (0, PhoneDigits()) }
        var full = number
        var written = international
        if !international, let prefix = region?.internationalPrefix, let match = prefix.firstMatch(number) {
            // Only an IDD when the digit after it is not 0 (calling codes never start with 0).
            let rest = number.dropFirst(match.length)
            if rest.first != 0 {
                full = rest
                written = true
            }
        }
        if written {
            if full.count <= Self.minimumLength { throw ProblemError(problem: .tooShort) }
            if let found = callingCode(at: full) { return found }
            throw ProblemError(problem: .countryCodeUnknown)
        }
        guard let region else { return (0, PhoneDigits()) }
        // A number that starts with its own region's calling code, written without "+".
        let own = region.callingCodeDigits
        if full.starts(with: own) {
            let potential = stripNationalPrefix(full.dropFirst(own.count), plan: region)
            if (!region.generalPattern.accepts(full) && region.generalPattern.accepts(potential))
                || region.lengthVerdict(of: full.count) == .tooLong {
                return (region.callingCode, potential)
            }
        }
        return (0, PhoneDigits())
    }

    /// `_extract_country_code`: the first one to three digits that are a calling code.
    private func callingCode(at number: PhoneDigits) -> (code: Int, national: PhoneDigits)? {
        guard let first = number.first, first != 0 else { return nil }
        var code = 0
        for length in 1...min(number.count, Self.maximumCodeLength) {
            code = code * 10 + Int(number[number.startIndex + length - 1])
            if !plans.plans(callingCode: code).isEmpty { return (code, number.dropFirst(length)) }
        }
        return nil
    }

    /// `_maybe_strip_national_prefix_carrier_code`: the number without its
    /// national prefix (or as the prefix's transform rewrites it), unless that
    /// would make a number of the general pattern one that is not.
    private func stripNationalPrefix(_ number: PhoneDigits, plan: NumberingPlan) -> PhoneDigits {
        guard !number.isEmpty, let prefix = plan.nationalPrefix, let match = prefix.firstMatch(number) else { return number }
        let viable = plan.generalPattern.accepts(number)
        let result: PhoneDigits
        if let transform = plan.nationalPrefixTransform, prefix.groupCount > 0, match.groups[prefix.groupCount] != nil {
            var rewritten: [UInt8] = []
            for part in transform {
                switch part {
                case .digits(let digits): rewritten += digits
                case .group(let group):
                    if let range = match.groups[group] {
                        rewritten += number[(number.startIndex + range.lowerBound)..<(number.startIndex + range.upperBound)]
                    }
                }
            }
            rewritten += number.dropFirst(match.length)
            // A rewrite longer than any number is kept as written (it is too long either way).
            guard let digits = PhoneDigits(rewritten) else { return number }
            result = digits
        } else {
            result = number.dropFirst(match.length)
        }
        if viable && !plan.generalPattern.accepts(result) { return number }
        return result
    }
}
