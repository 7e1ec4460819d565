import FuzzSupport

/// The entry SwiftPM makes this executable's main (`<module>_main`): libFuzzer's
/// driver with `Fuzzing.readCSV` for each input (Scripts/fuzz.sh csv SECONDS).
@_cdecl("fuzz_csv_main")
public func fuzzCSV(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzzing.run(argc, argv, Fuzzing.readCSV)
}
