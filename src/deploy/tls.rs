//! Which certificate authorities a deploy trusts, and the HTTPS client that trusts them.
//!
//! sadoc ships as a static binary and in a wheel that runs in slim CI images, where the
//! system's certificate bundle may be missing (a bare or distroless image) or may hold a
//! company's own CA (an S3-compatible server behind a corporate proxy). So a deploy trusts
//! both: the Mozilla roots compiled into the binary (`webpki-root-certs`), which make HTTPS to
//! AWS work with no files at all, and every certificate the system offers (the platform
//! store, or `SSL_CERT_FILE` / `SSL_CERT_DIR` when set, read by `rustls-native-certs`).
//! Certificates that cannot serve as a root are skipped and counted, never a panic. ADR 0023
//! records the choice.

use aws_sdk_s3::config::SharedHttpClient;
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, TlsContext, TrustStore};
use aws_smithy_http_client::{Builder, ConnectorBuilder};
use base64::Engine;
use rustls_pki_types::CertificateDer;

/// The roots a deploy trusts, and where they came from.
#[derive(Debug, Clone, Default)]
pub struct Roots {
    /// Each trusted certificate, PEM-encoded.
    pem: Vec<u8>,
    /// The same certificates, DER-encoded.
    der: Vec<Vec<u8>>,
    /// How many came compiled in.
    pub bundled: usize,
    /// How many the system (or `SSL_CERT_FILE` / `SSL_CERT_DIR`) added.
    pub system: usize,
    /// System certificates that were skipped: unreadable files or certificates that cannot
    /// be a trust anchor.
    pub skipped: usize,
}

impl Roots {
    /// The bundled Mozilla roots plus whatever the system offers.
    pub fn load() -> Roots {
        let mut roots = Roots::default();
        for cert in webpki_root_certs::TLS_SERVER_ROOT_CERTS {
            if roots.add(cert) {
                roots.bundled += 1;
            }
        }
        let native = rustls_native_certs::load_native_certs();
        roots.skipped += native.errors.len();
        for cert in &native.certs {
            if roots.add(cert) {
                roots.system += 1;
            } else {
                roots.skipped += 1;
            }
        }
        roots
    }

    /// Adds one certificate if it can be a trust anchor (what the TLS client will check).
    fn add(&mut self, cert: &CertificateDer<'_>) -> bool {
        if rustls::RootCertStore::empty()
            .add(cert.clone().into_owned())
            .is_err()
        {
            return false;
        }
        let body = base64::engine::general_purpose::STANDARD.encode(cert.as_ref());
        self.pem.extend_from_slice(b"-----BEGIN CERTIFICATE-----\n");
        for line in body.as_bytes().chunks(64) {
            self.pem.extend_from_slice(line);
            self.pem.push(b'\n');
        }
        self.pem.extend_from_slice(b"-----END CERTIFICATE-----\n");
        self.der.push(cert.as_ref().to_vec());
        true
    }

    /// The certificates, for the note poster's client (`deploy::note`).
    pub fn certificates(&self) -> Vec<ureq::tls::Certificate<'static>> {
        self.der
            .iter()
            .map(|der| ureq::tls::Certificate::from_der(der).to_owned())
            .collect()
    }

    /// An HTTPS client (rustls with aws-lc, the SDK's default provider) that trusts these
    /// roots and honours `HTTPS_PROXY` / `NO_PROXY` like the SDK's default client.
    pub fn https_client(&self) -> SharedHttpClient {
        let store = TrustStore::empty()
            .with_native_roots(false)
            .with_pem_certificate(self.pem.clone());
        let context = TlsContext::builder().with_trust_store(store).build();
        // Building a context from a trust store has no failure case today; should one
        // appear, the SDK's own defaults are the right fallback.
        let context = context.unwrap_or_default();
        Builder::new().build_with_connector_fn(move |settings, components| {
            let mut connector = ConnectorBuilder::default()
                .tls_provider(tls::Provider::Rustls(
                    tls::rustls_provider::CryptoMode::AwsLc,
                ))
                .tls_context(context.clone());
            connector.set_connector_settings(settings.cloned());
            if let Some(components) = components {
                connector.set_sleep_impl(components.sleep_impl());
            }
            connector.set_proxy_config(Some(ProxyConfig::from_env()));
            connector.build()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_roots_are_there_without_any_system_certificates() {
        let mut roots = Roots::default();
        for cert in webpki_root_certs::TLS_SERVER_ROOT_CERTS {
            assert!(roots.add(cert), "a bundled root is not a valid anchor");
        }
        let pem = String::from_utf8(roots.pem.clone()).unwrap_or_default();
        assert_eq!(
            pem.matches("-----BEGIN CERTIFICATE-----").count(),
            webpki_root_certs::TLS_SERVER_ROOT_CERTS.len()
        );
        assert!(webpki_root_certs::TLS_SERVER_ROOT_CERTS.len() > 100);
        let decoded = rustls_pki_types::pem::PemObject::pem_slice_iter(pem.as_bytes())
            .collect::<Result<Vec<CertificateDer<'_>>, _>>()
            .map(|v| v.len())
            .unwrap_or(0);
        assert_eq!(decoded, webpki_root_certs::TLS_SERVER_ROOT_CERTS.len());
    }

    #[test]
    fn a_certificate_that_cannot_be_a_root_is_skipped() {
        let mut roots = Roots::default();
        assert!(!roots.add(&CertificateDer::from(b"not a certificate".to_vec())));
        assert!(roots.pem.is_empty());
    }
}
