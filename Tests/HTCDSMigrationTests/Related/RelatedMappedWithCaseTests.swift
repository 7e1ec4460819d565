import Foundation
import Testing
@testable import HTCDSMigration

/// Related records are mapped on the mapping threads with their case, and
/// their lines encoded there: those in the case's own record (repeated XML
/// elements, a long register's rows), and those linked to it from another
/// table as it is read. Settling accounts for them in input order.
/// Checked against counts made here from the generated input: a case
/// rejected as a repeated id takes its related records with it unmapped
/// (their invalid values are not reported), invalid values are kept or
/// reject their record as the policy says, records with nothing in them are
/// rejected, and the output is the same bytes whatever the threads.
@Suite struct RelatedMappedWithCaseTests {
    /// A generated case: its id and its events (a date as written, valid or not; a city or none).
    struct Case {
        let id: String
        let events: [(date: String?, valid: Bool, city: String?)]
    }

    static func cases(count: Int, seed: UInt64) -> [Case] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (1...count).map { number in
            // About one case in twelve repeats an earlier id.
            let id = number > 10 && next(12) == 0 ? "C\(next(number - 1) + 1)" : "C\(number)"
            let events = (0..<next(4)).map { _ -> (date: String?, valid: Bool, city: String?) in
                let city = next(3) == 0 ? nil : ["Bacau", "Calais", "Hull"][next(3)]
                switch next(6) {
                case 0: return (nil, true, city)
                case 1: return ("31.02.20\(10 + next(10))", false, city)
                default: return (String(format: "%02d.%02d.20%02d", 1 + next(28), 1 + next(12), 10 + next(10)), true, city)
                }
            }
            return Case(id: id, events: events)
        }
    }

    static func xml(_ cases: [Case]) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export xmlns=\"urn:x\">\n"
        for item in cases {
            text += "  <case id=\"\(item.id)\"><name>N\(item.id)</name><events>"
            for event in item.events {
                text += "<event" + (event.date.map { " date=\"\($0)\"" } ?? "") + (event.city.map { " city=\"\($0)\"" } ?? "") + "/>"
            }
            text += "</events></case>\n"
        }
        return text + "</export>\n"
    }

    static let mapping = """
        htcds: "2.0"
        source:
          reader: xml
          path: input.xml
          record: /export/case
        case_id: "@id"
        date_formats: [dd.MM.yyyy]
        fields:
          prs_FirstName: name
        related:
          events:
            entity: hte
            elements: events/event
            fields:
              hte_Date: "@date"
              hte_City: "@city"
        """

    @Test(arguments: [InvalidValuePolicy.keep, .reject])
    func relatedRecordsAreAccountedForAsTheirCaseIsSettled(policy: InvalidValuePolicy) throws {
        let cases = Self.cases(count: 2000, seed: 7)
        var outputs: [String] = []
        let folder = TemporaryFolder()
        folder.write("input.xml", Self.xml(cases))
        let mappingPath = folder.write("mapping.yaml", Self.mapping)
        for threads in [1, 3] {
            var options = MigrationOptions(mappingPath: mappingPath)
            options.outputPath = folder.path("out-\(threads).jsonl")
            options.threads = threads
            options.onInvalid = policy
            let report = try Migration.run(options, standard: testStandard)
            let output = try #require(folder.read("out-\(threads).jsonl"))
            outputs.append(output)

            // Counted here: the first case of each id is written, and only its events are mapped.
            var seen = Set<String>()
            let written = cases.filter { seen.insert($0.id).inserted }
            let mappedEvents = written.flatMap(\.events)
            let linked = mappedEvents.filter { event in
                let hasValue = event.city != nil || (event.date != nil && event.valid)
                return hasValue && (policy == .keep || event.valid)
            }
            let counts = try #require(report.relatedCounts.first { $0.name == "events" })
            #expect(report.written == written.count && report.rejected == cases.count - written.count)
            #expect(counts.read == cases.map(\.events.count).reduce(0, +))
            #expect(counts.linked == linked.count)
            #expect(counts.read == counts.linked + counts.rejected)
            let invalidDates = report.invalidValues.filter { $0.key.field == "hte_Date" }.map(\.value.count).reduce(0, +)
            #expect(invalidDates == mappedEvents.filter { !$0.valid }.count)
            #expect(invalidDates > 30)
            // The lines hold the linked events.
            let events = MappingRun.objects(output).map { ($0["historicTraffickingEvents"] as? [Any])?.count ?? 0 }
            #expect(events.reduce(0, +) == linked.count)
            let empty = report.issues[.relatedRecordRejected]?.reasonCounts[.relatedRecordEmpty] ?? 0
            #expect(empty == mappedEvents.filter { $0.city == nil && ($0.date == nil || !$0.valid) && (policy == .keep || $0.valid) }.count)
        }
        #expect(outputs[0] == outputs[1])
    }

    /// The SQLite sample: events and support plans linked from their tables
    /// as each case is read, organisations looked up when it is settled.
    @Test(arguments: [InvalidValuePolicy.keep, .reject])
    func recordsLinkedFromOtherTablesGiveTheSameWhateverTheThreads(policy: InvalidValuePolicy) throws {
        let folder = TemporaryFolder()
        var results: [(output: String, report: String)] = []
        for threads in [1, 3] {
            var options = MigrationOptions(mappingPath: Repository.path("Mappings/hope-shelter-sqlite.yaml"))
            options.outputPath = folder.path("out-\(threads).jsonl")
            options.threads = threads
            options.onInvalid = policy
            let report = try Migration.run(options, standard: testStandard)
            let output = try #require(folder.read("out-\(threads).jsonl"))
            let objects = MappingRun.objects(output)
            for counts in report.relatedCounts {
                #expect(counts.read == counts.linked + counts.rejected, "\(counts.name)")
            }
            for (set, key) in [("events", "historicTraffickingEvents"), ("plans", "supportPlans")] {
                let counts = try #require(report.relatedCounts.first { $0.name == set }, "\(set)")
                #expect(counts.linked > 0)
                #expect(objects.map { ($0[key] as? [Any])?.count ?? 0 }.reduce(0, +) == counts.linked, "\(set)")
            }
            results.append((output, String(describing: report.relatedCounts) + String(describing: report.issues.keys.sorted { $0.rawValue < $1.rawValue })))
        }
        #expect(results[0].output == results[1].output)
        #expect(results[0].report == results[1].report)
    }
}
