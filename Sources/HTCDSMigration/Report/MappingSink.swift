import HTCDS

/// Where mapping a record reports what it finds: the run's report, or a
/// worker's delta when records are mapped in parallel.
protocol MappingSink: AnyObject {
    func report(_ issue: Issue)
    func unmappedValue(_ value: String, field: Field, columns: [String], at location: SourceLocation, becameOther: Bool)
    func invalidValue(_ value: String?, field: Field, columns: [String], problem: ValueProblem, at location: SourceLocation)
}

extension MigrationReport: MappingSink {}
