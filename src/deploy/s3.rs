//! The S3 operations a deploy needs, over `aws-sdk-s3`: list a prefix, put an object, delete
//! objects, read and write the manifest, create the bucket, configure website hosting.
//!
//! Credentials and region come from the standard AWS chain (environment, profile, web identity
//! for GitLab OIDC, instance role). A custom endpoint (an S3-compatible server) switches to
//! path-style addressing. Request checksums are computed only when the operation requires them,
//! so each upload is one plain `PutObject` that S3-compatible servers accept. Errors are
//! turned into sentences that say what to check.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{Region, RequestChecksumCalculation, ResponseChecksumValidation};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    BucketLocationConstraint, CreateBucketConfiguration, Delete, ErrorDocument, IndexDocument,
    ObjectIdentifier, WebsiteConfiguration,
};

use super::plan::Remote;
use super::tls::Roots;

/// Where to deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The bucket.
    pub bucket: String,
    /// The region (else from the AWS environment, else `us-east-1`).
    pub region: Option<String>,
    /// An S3-compatible endpoint instead of AWS (`http://127.0.0.1:8333`).
    pub endpoint: Option<String>,
}

/// Why an S3 operation failed, for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum S3Error {
    /// The credentials were refused or are missing.
    #[error("{0}")]
    Credentials(String),
    /// The bucket does not exist.
    #[error("{0}")]
    NoBucket(String),
    /// The server could not be reached.
    #[error("{0}")]
    Unreachable(String),
    /// Anything else the server said.
    #[error("{0}")]
    Other(String),
}

impl S3Error {
    /// Whether the error is about the setup (credentials, bucket, endpoint) rather than one
    /// object.
    pub fn is_setup(&self) -> bool {
        !matches!(self, S3Error::Other(_))
    }
}

/// A connected client for one bucket.
pub struct Bucket {
    client: Client,
    target: Target,
    region: String,
}

impl Bucket {
    /// Connects (lazily: nothing is sent yet) with the standard credential chain.
    pub async fn connect(target: &Target, roots: &Roots) -> Bucket {
        // One HTTPS client for the credential chain (STS for GitLab OIDC) and for S3.
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(roots.https_client());
        if let Some(region) = &target.region {
            loader = loader.region(Region::new(region.clone()));
        }
        let shared = loader.load().await;
        let region = shared
            .region()
            .map_or_else(|| "us-east-1".to_string(), |r| r.to_string());
        let mut config = aws_sdk_s3::config::Builder::from(&shared)
            .region(Region::new(region.clone()))
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired)
            .retry_config(
                aws_sdk_s3::config::retry::RetryConfig::standard()
                    .with_max_attempts(3)
                    .with_initial_backoff(Duration::from_millis(200)),
            );
        if let Some(endpoint) = &target.endpoint {
            config = config.endpoint_url(endpoint).force_path_style(true);
        }
        Bucket {
            client: Client::from_conf(config.build()),
            target: target.clone(),
            region,
        }
    }

    /// The region in use.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Every object whose key starts with `prefix`.
    pub async fn list(&self, prefix: &str) -> Result<Vec<Remote>, S3Error> {
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.target.bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        let mut objects = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.explain("list", prefix, e))?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                objects.push(Remote {
                    key: key.to_string(),
                    etag: object.e_tag().unwrap_or("").trim_matches('"').to_string(),
                    size: object.size().unwrap_or(0).max(0) as u64,
                });
            }
        }
        Ok(objects)
    }

    /// Puts one object; returns its ETag.
    pub async fn put(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
        cache_control: &str,
        md5: &str,
    ) -> Result<String, S3Error> {
        let output = self
            .client
            .put_object()
            .bucket(&self.target.bucket)
            .key(key)
            .body(ByteStream::from(bytes))
            .content_type(content_type)
            .cache_control(cache_control)
            .metadata("sadoc-md5", md5)
            .send()
            .await
            .map_err(|e| self.explain("upload", key, e))?;
        Ok(output.e_tag().unwrap_or("").trim_matches('"').to_string())
    }

    /// An object's bytes and ETag, `None` when there is no such key.
    pub async fn get(&self, key: &str) -> Result<Option<(Vec<u8>, String)>, S3Error> {
        let result = self
            .client
            .get_object()
            .bucket(&self.target.bucket)
            .key(key)
            .send()
            .await;
        let output = match result {
            Ok(output) => output,
            Err(e)
                if e.code() == Some("NoSuchKey")
                    || e.raw_response().is_some_and(|r| r.status().as_u16() == 404) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(self.explain("read", key, e)),
        };
        let etag = output.e_tag().unwrap_or("").to_string();
        let bytes = output
            .body
            .collect()
            .await
            .map_err(|e| S3Error::Other(format!("cannot read `{key}`: {e}")))?
            .into_bytes();
        Ok(Some((bytes.to_vec(), etag)))
    }

    /// Puts one object only if the key still holds the object with ETag `expected` (`None`:
    /// only if there is no such key), with S3's conditional writes (`If-Match`,
    /// `If-None-Match: *`). `Ok(false)` when the condition failed: someone else wrote it
    /// meanwhile. A server that ignores the conditions writes anyway; callers read back.
    pub async fn put_if(
        &self,
        key: &str,
        bytes: Vec<u8>,
        content_type: &str,
        expected: Option<&str>,
    ) -> Result<bool, S3Error> {
        let md5 = super::md5_hex(&bytes);
        let mut request = self
            .client
            .put_object()
            .bucket(&self.target.bucket)
            .key(key)
            .body(ByteStream::from(bytes))
            .content_type(content_type)
            .cache_control("no-cache")
            .metadata("sadoc-md5", md5);
        request = match expected {
            Some(etag) => request.if_match(etag),
            None => request.if_none_match("*"),
        };
        match request.send().await {
            Ok(_) => Ok(true),
            Err(e)
                if matches!(
                    e.code(),
                    Some("PreconditionFailed" | "ConditionalRequestConflict")
                ) || e
                    .raw_response()
                    .is_some_and(|r| matches!(r.status().as_u16(), 409 | 412)) =>
            {
                Ok(false)
            }
            Err(e) => Err(self.explain("write", key, e)),
        }
    }

    /// Deletes objects, a thousand per request.
    pub async fn delete(&self, keys: &[String]) -> Result<(), S3Error> {
        for chunk in keys.chunks(1000) {
            let objects = chunk
                .iter()
                .map(|k| ObjectIdentifier::builder().key(k).build())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| S3Error::Other(e.to_string()))?;
            let delete = Delete::builder()
                .set_objects(Some(objects))
                .quiet(true)
                .build()
                .map_err(|e| S3Error::Other(e.to_string()))?;
            let output = self
                .client
                .delete_objects()
                .bucket(&self.target.bucket)
                .delete(delete)
                .send()
                .await
                .map_err(|e| self.explain("delete", &chunk[0], e))?;
            if let Some(failed) = output.errors().first() {
                return Err(S3Error::Other(format!(
                    "cannot delete `{}`: {}",
                    failed.key().unwrap_or("?"),
                    failed.message().unwrap_or("no reason given")
                )));
            }
        }
        Ok(())
    }

    /// The manifest's key → MD5 map, empty when there is none.
    pub async fn manifest(&self, key: &str) -> Result<BTreeMap<String, String>, S3Error> {
        let Some((bytes, _)) = self.get(key).await? else {
            return Ok(BTreeMap::new());
        };
        let manifest: Manifest = serde_json::from_slice(&bytes).unwrap_or_default();
        Ok(manifest.files)
    }

    /// Writes the manifest.
    pub async fn put_manifest(
        &self,
        key: &str,
        files: BTreeMap<String, String>,
    ) -> Result<(), S3Error> {
        let bytes = serde_json::to_vec_pretty(&Manifest { version: 1, files })
            .map_err(|e| S3Error::Other(e.to_string()))?;
        let md5 = super::md5_hex(&bytes);
        self.put(key, bytes, "application/json", "no-cache", &md5)
            .await
            .map(|_| ())
    }

    /// Creates the bucket, in the region in use (S3 wants the region named except for
    /// `us-east-1`). A bucket that exists already and is ours counts as created.
    pub async fn create(&self) -> Result<(), S3Error> {
        let mut request = self.client.create_bucket().bucket(&self.target.bucket);
        if self.region != "us-east-1" {
            request = request.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(self.region.as_str()))
                    .build(),
            );
        }
        match request.send().await {
            Ok(_) => Ok(()),
            Err(e) if e.code() == Some("BucketAlreadyOwnedByYou") => Ok(()),
            Err(e) => Err(self.explain("create the bucket", &self.target.bucket, e)),
        }
    }

    /// Configures static website hosting: `index.html` for folders, `error` for missing keys.
    pub async fn website(&self, error: &str) -> Result<(), S3Error> {
        let index = IndexDocument::builder()
            .suffix("index.html")
            .build()
            .map_err(|e| S3Error::Other(e.to_string()))?;
        let error_document = ErrorDocument::builder()
            .key(error)
            .build()
            .map_err(|e| S3Error::Other(e.to_string()))?;
        self.client
            .put_bucket_website()
            .bucket(&self.target.bucket)
            .website_configuration(
                WebsiteConfiguration::builder()
                    .index_document(index)
                    .error_document(error_document)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| self.explain("configure website hosting on", &self.target.bucket, e))?;
        Ok(())
    }

    /// Turns an SDK error into a sentence that says what to check.
    fn explain<E, R>(&self, what: &str, key: &str, error: SdkError<E, R>) -> S3Error
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + 'static,
    {
        let bucket = &self.target.bucket;
        let place = self
            .target
            .endpoint
            .clone()
            .unwrap_or_else(|| format!("S3 ({})", self.region));
        match &error {
            SdkError::DispatchFailure(failure) => {
                let cause = root_cause(&error);
                if failure.is_user() || chain(&error).contains("loading credentials") {
                    return S3Error::Credentials(format!(
                        "cannot {what} `{key}`: no AWS credentials could be loaded ({cause})\n  help: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or a web identity token (GitLab OIDC: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE)"
                    ));
                }
                if cause.contains("certificate") {
                    return S3Error::Unreachable(format!(
                        "cannot {what} `{key}`: {place} sent a certificate sadoc does not trust ({cause})\n  help: sadoc trusts the Mozilla roots it carries and the system's; for a private CA, put its PEM certificate in the file SSL_CERT_FILE names (or a folder SSL_CERT_DIR names)"
                    ));
                }
                return S3Error::Unreachable(format!(
                    "cannot {what} `{key}`: {place} did not answer ({cause})\n  help: check --endpoint / deploy.endpoint and the network"
                ));
            }
            SdkError::TimeoutError(_) => {
                return S3Error::Unreachable(format!(
                    "cannot {what} `{key}`: {place} did not answer in time"
                ));
            }
            _ => {}
        }
        let code = error.code().unwrap_or("").to_string();
        let message = error
            .message()
            .map(str::to_string)
            .unwrap_or_else(|| error.to_string());
        match code.as_str() {
            "InvalidAccessKeyId"
            | "SignatureDoesNotMatch"
            | "AccessDenied"
            | "ExpiredToken"
            | "InvalidToken"
            | "AuthorizationHeaderMalformed" => S3Error::Credentials(format!(
                "cannot {what} `{key}` in bucket `{bucket}`: {code}: {message}\n  help: check the AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and that they may write to the bucket"
            )),
            "NoSuchBucket" => S3Error::NoBucket(format!(
                "bucket `{bucket}` does not exist at {place}\n  help: fix --bucket / deploy.bucket, or for a first deploy add --create-bucket (it creates the bucket with website hosting)"
            )),
            _ => S3Error::Other(format!(
                "cannot {what} `{key}`: {}{message}",
                if code.is_empty() {
                    String::new()
                } else {
                    format!("{code}: ")
                }
            )),
        }
    }
}

/// Every message of an error's chain, outermost first.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = vec![error.to_string()];
    let mut cause = error;
    while let Some(next) = cause.source() {
        out.push(next.to_string());
        cause = next;
    }
    out.join(" | ")
}

/// The innermost cause of an error ("Connection refused (os error 111)").
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// What the manifest object holds.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Manifest {
    version: u32,
    files: BTreeMap<String, String>,
}
