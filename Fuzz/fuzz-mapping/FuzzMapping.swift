import FuzzSupport

/// The entry SwiftPM makes this executable's main (`<module>_main`): libFuzzer's
/// driver with `Fuzzing.loadMapping` for each input (Scripts/fuzz.sh mapping SECONDS).
@_cdecl("fuzz_mapping_main")
public func fuzzMapping(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzzing.run(argc, argv, Fuzzing.loadMapping)
}
