import Foundation
import Testing
@testable import HTCDSMigration

/// A case's SQLite rows are made on the mapping threads (`SQLiteRowEncoder`)
/// and inserted where the case is settled. The CaseTrack sample names
/// organisations and case workers by lookups (references resolved when the
/// rows are inserted), has a victim row a case and events: its database must
/// hold what its JSON Lines hold, made by the other encoder, and be the same
/// whatever the threads.
@Suite struct SQLiteRowEncoderTests {
    func convert(_ format: OutputFormat, threads: Int, in folder: TemporaryFolder) throws -> String {
        var options = MigrationOptions(mappingPath: Repository.path("Mappings/casetrack-export-xml.yaml"))
        options.inputPath = Repository.path("Samples/casetrack-export.xml")
        options.outputPath = folder.path("out-\(threads).\(format.rawValue)")
        options.format = format
        options.threads = threads
        _ = try Migration.run(options, standard: testStandard)
        return options.outputPath
    }

    /// Every table but `run`, row by row, in a fixed order.
    func contents(_ path: String) throws -> [String: [[String]]] {
        var tables: [String: [[String]]] = [:]
        for table in ["cases", "persons", "organisations", "historic_trafficking_events", "support_plans", "case_comments",
                      "run_related"] {
            tables[table] = try rows(path, "SELECT * FROM \(table) ORDER BY rowid")
        }
        return tables
    }

    @Test func theDatabaseHoldsWhatTheJSONLinesHoldWhateverTheThreads() throws {
        let folder = TemporaryFolder()
        let one = try convert(.sqlite, threads: 1, in: folder)
        let three = try convert(.sqlite, threads: 3, in: folder)
        #expect(try contents(one) == contents(three))
        let lines = try String(contentsOfFile: try convert(.jsonl, threads: 1, in: folder), encoding: .utf8)
            .split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 3)
        var compared = 0, organisations = 0, events = 0
        for line in lines {
            let caseID = line["caseId"] as! String
            for (key, value) in line {
                let table = key.hasPrefix("cas_") || key.hasPrefix("con_") ? "cases"
                    : key.hasPrefix("prs_") || key.hasPrefix("vic_") ? "persons" : nil
                guard let table else { continue }
                let role = table == "persons" ? " AND role = 'victim'" : ""
                let stored = try rows(one, "SELECT \(key) FROM \(table) WHERE case_id = '\(caseID)'\(role)")
                switch value {
                case let text as String:
                    #expect(stored == [[text]], "\(caseID) \(key)")
                case let list as [String]:
                    let json = try JSONSerialization.data(withJSONObject: list)
                    #expect(stored == [[String(decoding: json, as: UTF8.self)]], "\(caseID) \(key)")
                case let organisation as [String: String]:
                    // A lookup: the id of the organisation row with those fields.
                    let named = try rows(one, "SELECT org_Name FROM organisations WHERE org_id = \(stored.first?.first ?? "0")")
                    #expect(named == [[organisation["org_Name"] ?? ""]], "\(caseID) \(key)")
                    organisations += 1
                default:
                    continue
                }
                compared += 1
            }
            let lineEvents = (line["historicTraffickingEvents"] as? [[String: Any]])?.count ?? 0
            #expect(try rows(one, "SELECT count(*) FROM historic_trafficking_events WHERE case_id = '\(caseID)'")
                == [[String(lineEvents)]])
            events += lineEvents
        }
        #expect(compared >= 30 && organisations >= 2 && events >= 3, "\(compared) \(organisations) \(events)")
        #expect(try rows(one, "SELECT count(*) FROM cases") == [[String(lines.count)]])
        #expect(try rows(one, "PRAGMA foreign_key_check").isEmpty)
    }
}
