import Foundation

/// The run's clock: now, unless `SOURCE_DATE_EPOCH` fixes it (the
/// reproducible-builds convention), when reports and databases made of the
/// same inputs are the same bytes (and a run's duration is 0).
enum RunClock {
    static func now(environment: [String: String] = ProcessInfo.processInfo.environment) -> (date: Date, fixed: Bool) {
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) {
            return (Date(timeIntervalSince1970: epoch), true)
        }
        return (Date(), false)
    }

    /// `2026-12-07T15:33:29Z`.
    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
