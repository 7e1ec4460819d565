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
        let lowered = name.lowercased()
        let joined = " " + words.joined(separator: " ") + " "
        for part in nameParts {
            if part.unicodeScalars.allSatisfy({ $0.value < 0x0370 }) {
                if joined.contains(" " + part + " ") { return true }
                // Compounds written together: "FirstName", "dateofbirth", "e_mail".
                if part.count >= 5, lowered.contains(part) { return true }
            } else if lowered.contains(part) {
                return true
            }
        }
        return false
    }

    /// Whether a value looks like an e-mail address or a phone number.
    static func value(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return ValueShape.looksLikeEmail(bytes) || (ValueShape.looksLikePhone(bytes) && DateShape(text) == nil)
    }
}
