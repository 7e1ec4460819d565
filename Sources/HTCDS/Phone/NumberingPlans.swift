import Foundation

/// libphonenumber's numbering plans of every region and calling code, as
/// bundled in Resources/phone-numbering-plans.tsv.
public struct NumberingPlans: Sendable {
    /// Plans sharing a calling code, in libphonenumber's order (the main region
    /// first), at the code's index (calling codes have at most three digits).
    private let plansByCode: [[NumberingPlan]]
    private let planByRegion: [String: NumberingPlan]

    /// The bundled plans, loaded the first time they are asked for.
    public static func bundled() throws -> NumberingPlans { try loaded.get() }

    private static let loaded = Result { try NumberingPlans(resource: .phoneNumberingPlans) }

    /// The plan of a region by its ISO 3166-1 alpha-2 code ("GB"); nil for one without a plan.
    public func plan(region: String) -> NumberingPlan? { planByRegion[region.uppercased()] }

    /// The main region's plan of a calling code (44: GB, 1: US, 7: RU); nil for an unknown code.
    public func mainPlan(callingCode: Int) -> NumberingPlan? { plans(callingCode: callingCode).first }

    /// The plans of a calling code, the main region's first; none for an unknown code.
    func plans(callingCode: Int) -> [NumberingPlan] {
        plansByCode.indices.contains(callingCode) ? plansByCode[callingCode] : []
    }

    init(resource: EmbeddedResource) throws {
        var byCode: [Int: [NumberingPlan]] = [:]
        var byRegion: [String: NumberingPlan] = [:]
        try ResourceLoader.eachLine(of: resource) { columns in
            func broken(_ what: String) -> ResourceError {
                ResourceError(description: "the resource \(resource.name) has \(what): \(columns.prefix(3))")
            }
            switch columns.first {
            case "code":
                guard columns.count >= 3, let code = Int(columns[1]) else { throw broken("a code line it cannot read") }
                byCode[code] = []
            case "region":
                let plan = try Self.plan(columns, broken: broken)
                guard byCode[plan.callingCode] != nil else { throw broken("a region before its code line") }
                byCode[plan.callingCode]!.append(plan)
                if plan.region != "001" { byRegion[plan.region] = plan }
            default:
                throw broken("a line it cannot read")
            }
        }
        guard !byRegion.isEmpty, byCode.keys.allSatisfy({ (1...999).contains($0) }) else {
            throw ResourceError(description: "the resource \(resource.name) is empty or has a code out of range")
        }
        plansByCode = (0...999).map { byCode[$0] ?? [] }
        planByRegion = byRegion
    }

    private static func plan(_ columns: [String], broken: (String) -> ResourceError) throws -> NumberingPlan {
        guard columns.count == 12, let code = Int(columns[2]) else { throw broken("a region line of the wrong shape") }
        func lengths(_ text: String) throws -> [Int] {
            let values = try text.split(separator: ",").map { part in
                guard let value = Int(part) else { throw broken("a length that is not a number") }
                return value
            }
            return values.sorted()
        }
        func prefix(_ text: String) throws -> DigitPrefixPattern? {
            if text.isEmpty { return nil }
            guard let pattern = DigitPrefixPattern(encoded: text) else { throw broken("a prefix it cannot read") }
            return pattern
        }
        func automaton(_ text: String) throws -> DigitAutomaton? {
            if text.isEmpty { return nil }
            guard let data = Data(base64Encoded: text), data.count % 2 == 0 else { throw broken("an automaton it cannot read") }
            let values = data.withUnsafeBytes { raw in
                (0..<(raw.count / 2)).map { UInt16(raw[2 * $0]) | UInt16(raw[2 * $0 + 1]) << 8 }
            }
            guard let automaton = DigitAutomaton(encoded: values) else { throw broken("an automaton it cannot read") }
            return automaton
        }
        guard let general = try automaton(columns[9]), let valid = try automaton(columns[10]) else {
            throw broken("a region without its automata")
        }
        return NumberingPlan(
            region: columns[1], callingCode: code, callingCodeDigits: columns[2].utf8.map { $0 - UInt8(ascii: "0") },
            possibleLengths: try lengths(columns[4]), localOnlyLengths: try lengths(columns[5]),
            internationalPrefix: try prefix(columns[6]), nationalPrefix: try prefix(columns[7]),
            nationalPrefixTransform: try transform(columns[8], broken: broken),
            generalPattern: general, validNumber: valid, leadingDigits: try automaton(columns[11]))
    }

    /// "9\1" as parts: digits and group references.
    private static func transform(_ text: String, broken: (String) -> ResourceError) throws -> [NumberingPlan.TransformPart]? {
        if text.isEmpty { return nil }
        var parts: [NumberingPlan.TransformPart] = []
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "\\"):
                guard let digit = bytes.next(), (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(digit) else {
                    throw broken("a transform it cannot read")
                }
                parts.append(.group(Int(digit - UInt8(ascii: "0"))))
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if case .digits(let digits) = parts.last {
                    parts[parts.count - 1] = .digits(digits + [byte - UInt8(ascii: "0")])
                } else {
                    parts.append(.digits([byte - UInt8(ascii: "0")]))
                }
            default:
                throw broken("a transform it cannot read")
            }
        }
        return parts
    }
}
