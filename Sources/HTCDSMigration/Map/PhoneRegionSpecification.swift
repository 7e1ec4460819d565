import HTCDS

/// Where phone numbers written without "+" come from, as a mapping says it
/// (at its top level, or on a phone entry, which then wins):
/// `phone_region: GB` (a country by code or name), `phone_country_code: "+44"`
/// (that code's main region: +44 is GB, +1 US, +7 RU), and
/// `phone_region_from: Country` (a column naming each record's country).
struct PhoneRegionSpecification {
    var region: Located<String>?
    var countryCode: Located<String>?
    var regionFrom: Located<String>?

    static let keys = ["phone_region", "phone_country_code", "phone_region_from"]

    var isEmpty: Bool { region == nil && countryCode == nil && regionFrom == nil }

    static func read(_ keyed: KeyedNode, standard: Standard) throws -> PhoneRegionSpecification {
        var specification = PhoneRegionSpecification()
        if let node = keyed["phone_region"] {
            specification.region = Located(try node.text("phone_region"), node.location)
        }
        if let node = keyed["phone_country_code"] {
            specification.countryCode = Located(try node.text("phone_country_code"), node.location)
        }
        if let node = keyed["phone_region_from"] {
            specification.regionFrom = Located(try node.text("phone_region_from"), node.location)
        }
        if specification.region != nil, let code = specification.countryCode {
            throw MappingError(.phoneRegionAndCountryCode, at: code.location)
        }
        _ = try specification.plan(standard: standard)
        return specification
    }

    /// The region this level names, checked; nil when it names none.
    func plan(standard: Standard) throws -> NumberingPlan? {
        // The plans are loaded only for a level that names a region (a mapping without phones never loads them).
        guard region != nil || countryCode != nil else { return nil }
        let plans = try NumberingPlans.bundled()
        if let region {
            guard let country = standard.countries.find(region.value) else {
                throw MappingError(.phoneRegionNotACountry(written: region.value), at: region.location)
            }
            guard let plan = plans.plan(region: country.alpha2) else {
                throw MappingError(.phoneRegionWithoutPlan(country: country.alpha2), at: region.location)
            }
            return plan
        }
        if let countryCode {
            guard let digits = Self.callingCodeDigits(countryCode.value), let code = Int(digits),
                  let plan = plans.mainPlan(callingCode: code), plan.region != "001" else {
                throw MappingError(.phoneCountryCodeUnknown(written: countryCode.value), at: countryCode.location)
            }
            return plan
        }
        return nil
    }

    /// "+254", "254" or "00254" to "254"; nil unless 1 to 3 digits not starting with 0.
    static func callingCodeDigits(_ text: String) -> String? {
        var digits = Substring(TextCleaning.trimmed(text))
        if digits.hasPrefix("+") { digits = digits.dropFirst() } else if digits.hasPrefix("00") { digits = digits.dropFirst(2) }
        guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), digits.first != "0" else { return nil }
        return String(digits)
    }

    /// An entry's settings over the mapping's: each of region and column from
    /// the entry when it gives one.
    func over(_ mapping: PhoneRegionSpecification) -> PhoneRegionSpecification {
        var result = self
        if region == nil && countryCode == nil {
            result.region = mapping.region
            result.countryCode = mapping.countryCode
        }
        if regionFrom == nil { result.regionFrom = mapping.regionFrom }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
