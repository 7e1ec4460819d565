import FuzzSupport

/// The entry SwiftPM makes this executable's main (`<module>_main`): libFuzzer's
/// driver with `Fuzzing.scanSheet` for each input (Scripts/fuzz.sh sheet SECONDS).
@_cdecl("fuzz_sheet_main")
public func fuzzSheet(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzzing.run(argc, argv, Fuzzing.scanSheet)
}
