use taxii_messages::decode;

#[test]
fn samples_roundtrip() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/samples");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if !p.to_string_lossy().contains("taxii11") {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let m = decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let xml = m.to_xml();
        let again = decode(xml.as_bytes())
            .unwrap_or_else(|e| panic!("{}: {e}\n{}", p.display(), &xml[..xml.len().min(2000)]));
        assert_eq!(m, again, "{}", p.display());
        eprintln!("ok {}", p.display());
    }
}
