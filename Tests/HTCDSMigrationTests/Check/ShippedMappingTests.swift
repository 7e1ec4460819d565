import Foundation
import Testing
@testable import HTCDSMigration

/// Every mapping we ship carries tests, they pass, and `check` finds no error.
@Suite struct ShippedMappingTests {
    static let mappings = (try? FileManager.default.contentsOfDirectory(atPath: Repository.path("Mappings")))?
        .filter { $0.hasSuffix(".yaml") }.sorted() ?? []

    @Test func thereAreShippedMappings() {
        #expect(Self.mappings.count >= 7)
    }

    @Test(arguments: mappings)
    func testsPass(mapping: String) throws {
        let result = try MappingTestRunner.run(mappingPath: Repository.path("Mappings/" + mapping), standard: testStandard)
        #expect(result.count > 0, "\(mapping) carries no tests")
        #expect(result.failures.isEmpty, "\(result.failures.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: mappings)
    func checkFindsNoError(mapping: String) throws {
        let result = MappingCheck.run(mappingPath: Repository.path("Mappings/" + mapping), inputPath: nil, standard: testStandard)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.inputPath != nil)
    }
}
