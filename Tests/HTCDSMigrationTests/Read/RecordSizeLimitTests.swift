import Foundation
import Testing
@testable import HTCDSMigration

/// A record larger than `source.max_record_bytes` stops the run with an error
/// at its line, whatever the reader: an input that never ends a record
/// (/dev/zero, a file of NULs) never makes the tool grow without end.
@Suite struct RecordSizeLimitTests {
    @Test func aCSVRecordOverTheLimitStopsAtItsLine() throws {
        let input = "Id,Sex\n1,F\n2,\"" + String(repeating: "x", count: 5000) + "\n3,M\n"
        let run = MappingRun()
        do {
            _ = try run.run(mapping: mapping(fields: "  prs_Gender: Sex", source: "  max_record_bytes: 2048"), input: input)
            Issue.record("expected the run to stop")
        } catch let stopped as MigrationStopped {
            #expect(stopped.reason as? InputError == InputError(path: run.folder.path("input.csv"),
                message: "a record longer than 2048 bytes starts here; it is not CSV, or raise source.max_record_bytes", line: 3))
        }
        #expect(!run.folder.exists("out.jsonl"))
    }

    @Test(arguments: [1, 4])
    func anXMLRecordOverTheLimitStopsAtItsLine(threads: Int) throws {
        let folder = TemporaryFolder()
        let big = String(repeating: "<note>x</note>", count: 20_000)
        let path = folder.write("in.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export><cases>\n<case><n>a</n></case>\n<case>\n\(big)</case>\n</cases></export>\n")
        var options = XMLOptions(recordPath: "/export/cases/case")
        options.maxRecordBytes = 4096
        let reader = try XMLParallelReader.open(source: ByteSource(path: path), options: options, columns: ["n"], groups: [],
                                                threads: threads, issues: IssueRecorder(), pieceSize: 1024)
        #expect(try reader.next() != nil)
        do {
            while try reader.next() != nil {}
            Issue.record("expected the record to be refused")
        } catch let error as InputError {
            #expect(error.message.hasPrefix("a record longer than 4096 bytes"))
            #expect(error.line == 4)
        }
    }

    @Test func theLimitIsAMappingKeyWithARange() throws {
        let run = MappingRun()
        do {
            _ = try run.run(mapping: mapping(fields: "  prs_Gender: Sex", source: "  max_record_bytes: 10"), input: "Id,Sex\n")
            Issue.record("expected a mapping error")
        } catch let errors as MappingErrors {
            #expect(errors.errors.first?.message.contains("max_record_bytes") == true)
        }
    }
}
