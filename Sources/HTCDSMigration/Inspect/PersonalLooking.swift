import HTCDS

/// Before a mapping says which columns hold personal data, `inspect` guesses
/// from column names and from values, and masks what looks personal.
enum PersonalLooking {
    /// Parts of column names that mean a person's name, contact, address,
    /// birth date or identity document, in English and the languages legacy
    /// registers are kept in (those of the bundled country names).
    static let nameParts: [String] = [
        // English
        "name", "surname", "forename", "given", "family", "phone", "mobile", "cell", "telephone", "tel", "e-mail", "email", "mail",
        "address", "street", "postcode", "zip", "birth", "born", "dob", "passport", "id number", "id no", "id card",
        "identity", "national id", "personal id", "ssn", "contact",
        // French
        "nom", "prénom", "prenom", "téléphone", "telephone", "portable", "courriel", "adresse", "rue",
        "naissance", "passeport", "pièce d'identité", "identité",
        // Spanish and Portuguese
        "nombre", "apellido", "teléfono", "telefone", "celular", "correo", "dirección", "direccion", "endereço",
        "endereco", "calle", "rua", "nacimiento", "nascimento", "pasaporte", "passaporte", "cédula", "cedula",
        "documento", "dni", "sobrenome", "nome",
        // German
        "vorname", "nachname", "telefon", "handy", "anschrift", "straße", "strasse", "geburt", "reisepass", "ausweis",
        // Russian
        "имя", "фамилия", "отчество", "телефон", "почта", "адрес", "улица", "рождения", "паспорт",
        // Arabic
        "اسم", "الاسم", "هاتف", "الهاتف", "جوال", "بريد", "عنوان", "العنوان", "ميلاد", "الميلاد", "جواز", "هوية",
        // Chinese
        "姓名", "名字", "名", "姓", "电话", "電話", "手机", "手機", "邮箱", "郵箱", "地址", "出生", "护照", "護照", "身份证", "身份證",
    ]

    /// Names of organisations are not personal: "Referring org name", "Partner name".
    static let organisationWords: Set<String> = [
        "org", "organisation", "organization", "agency", "partner", "company", "employer", "ngo", "office",
    ]

    /// Whether a column's name looks like it holds personal data. Latin-script
    /// parts match whole words ("nom" in "Nom de famille" but not in
    /// "Nombreux"), other scripts anywhere in the name. It errs on the side of
    /// masking: a column masked by mistake costs a `--show-values`.
    static func columnName(_ name: String) -> Bool {
        let words = NameWords.split(name)
        if words.contains(where: organisationWords.contains) { return false }
        if words.contains(where: singleWordParts.contains) { return true }
        for part in multiWordParts where words.count >= part.count {
            for start in 0...(words.count - part.count) where words[start..<(start + part.count)].elementsEqual(part) {
                return true
            }
        }
        // Compounds written together ("FirstName", "dateofbirth", "e_mail"), and other scripts anywhere.
        let lowered = Array(name.lowercased().utf8)
        return substringParts.contains { Self.contains(lowered, $0) }
    }

    /// `nameParts` sorted for `columnName`, once: Latin-script parts of one
    /// word and of several match whole words; long Latin parts and parts of
    /// other scripts match anywhere in the name (as UTF-8 bytes).
    private static func isLatin(_ part: String) -> Bool { part.unicodeScalars.allSatisfy { $0.value < 0x0370 } }
    private static let singleWordParts = Set(nameParts.filter { isLatin($0) && !$0.contains(" ") })
    private static let multiWordParts = nameParts.filter { isLatin($0) && $0.contains(" ") }
        .map { $0.split(separator: " ").map(String.init) }
    private static let substringParts = nameParts.filter { !isLatin($0) || $0.count >= 5 }.map { Array($0.utf8) }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Whether a value looks like an e-mail address or a phone number.
    static func value(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return ValueShape.looksLikeEmail(bytes) || (ValueShape.looksLikePhone(bytes) && DateShape(text) == nil)
    }
}
