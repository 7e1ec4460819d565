import FuzzSupport

/// The entry SwiftPM makes this executable's main (`<module>_main`): libFuzzer's
/// driver with `Fuzzing.readXML` for each input (Scripts/fuzz.sh xml SECONDS).
@_cdecl("fuzz_xml_main")
public func fuzzXML(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    Fuzzing.run(argc, argv, Fuzzing.readXML)
}
