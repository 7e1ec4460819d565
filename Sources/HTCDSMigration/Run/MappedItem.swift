/// A case as a mapping worker hands it to settlement: rejected, or mapped
/// with its values taken out, or with its line encoded ahead (the line
/// travels beside it; `values` is nil and `filled` says which slots it filled). `picks`: the
/// picklist values it holds (`PicklistNumbering`), counted if it is written. `related`: its
/// related records, mapped with it (`MappedRelated`). An enum, so that
/// settling switches on it consumed and moves its parts rather than copying them.
enum MappedItem {
    case rejected(RejectionReason)
    case mapped(MappedCase, values: [HTCDSValue?]?, filled: SmallIntSet, picks: SmallIntSet, related: MappedRelated?)
}
