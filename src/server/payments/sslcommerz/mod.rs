//! SSLCommerz's protocol, by hand on reqwest: start a hosted checkout (`gwprocess/v4/api.php`), validate a
//! payment (`validationserverAPI.php`), query a transaction, refund and ask about a refund
//! (`merchantTransIDvalidationAPI.php`), and verify the hash on its IPN and browser callbacks. The base URL
//! is configuration (`https://securepay.sslcommerz.com`, `https://sandbox.sslcommerz.com`, a test server).

use serde::Deserialize;
use uuid::Uuid;

mod wire;
pub use wire::{format_amount, parse_amount, sign, verify, HashError};

use super::provider::{Checkout, CheckoutState, GatewayError, RefundAnswer, RefundState};
use super::stripe::without_url;

/// An SSLCommerz store: the API's base URL, the store id and its password.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub store_id: String,
    store_password: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("sslcommerz::Client")
            .field("base", &self.base)
            .field("store_id", &self.store_id)
            .finish_non_exhaustive()
    }
}

/// A hosted checkout to start.
pub struct Init<'a> {
    pub tran_id: &'a str,
    pub amount_minor: i64,
    /// ISO code (SSLCommerz converts other currencies to taka and reports the original back).
    pub currency: &'a str,
    pub product_name: &'a str,
    pub customer_name: &'a str,
    pub customer_email: &'a str,
    pub customer_phone: &'a str,
    pub success_url: &'a str,
    pub fail_url: &'a str,
    pub cancel_url: &'a str,
    pub ipn_url: &'a str,
    /// Our appointment id, echoed back as `value_a`.
    pub reference: &'a str,
}

#[derive(Deserialize)]
struct InitAnswer {
    status: String,
    #[serde(default)]
    failedreason: Option<String>,
    #[serde(default, rename = "GatewayPageURL")]
    gateway_page_url: Option<String>,
}

/// A transaction as the validation and query APIs report it (the fields Carebook reads).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Transaction {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub tran_id: String,
    #[serde(default)]
    pub val_id: Option<String>,
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    /// The currency and amount the checkout was started in (before conversion to taka).
    #[serde(default)]
    pub currency_type: Option<String>,
    #[serde(default)]
    pub currency_amount: Option<String>,
    #[serde(default)]
    pub bank_tran_id: Option<String>,
    #[serde(default)]
    pub value_a: Option<String>,
}

impl Transaction {
    pub fn paid(&self) -> bool {
        matches!(self.status.as_str(), "VALID" | "VALIDATED")
    }

    pub fn checkout(&self) -> Checkout {
        let state = match self.status.as_str() {
            "VALID" | "VALIDATED" => CheckoutState::Paid,
            "FAILED" => CheckoutState::Failed,
            "CANCELLED" => CheckoutState::Cancelled,
            "EXPIRED" => CheckoutState::Expired,
            _ => CheckoutState::Open,
        };
        let (currency, amount) = match (&self.currency_type, &self.currency_amount) {
            (Some(c), Some(a)) if !c.is_empty() => (Some(c.clone()), a.clone()),
            _ => (self.currency.clone(), self.amount.clone().unwrap_or_default()),
        };
        Checkout {
            id: self.tran_id.clone(),
            state,
            payment_ref: self.bank_tran_id.clone().filter(|b| !b.is_empty()),
            amount_minor: parse_amount(&amount),
            currency,
            reference: self.value_a.clone().filter(|v| !v.is_empty()),
        }
    }
}

#[derive(Deserialize)]
struct QueryAnswer {
    #[serde(default, rename = "APIConnect")]
    api_connect: String,
    #[serde(default)]
    element: Vec<Transaction>,
}

#[derive(Deserialize)]
struct RefundReply {
    #[serde(default, rename = "APIConnect")]
    api_connect: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    refund_ref_id: Option<String>,
}

impl Client {
    pub fn new(base: &str, store_id: &str, store_password: &str) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("a reqwest client with timeouts");
        Client {
            base: base.trim_end_matches('/').to_string(),
            store_id: store_id.to_string(),
            store_password: store_password.to_string(),
            http,
        }
    }

    /// The store password, for checking callback hashes.
    pub fn password(&self) -> &str {
        &self.store_password
    }

    /// `POST /gwprocess/v4/api.php`: the hosted page's URL (`GatewayPageURL`).
    pub async fn init(&self, i: &Init<'_>) -> Result<String, GatewayError> {
        let amount = format_amount(i.amount_minor);
        let form: Vec<(&str, &str)> = vec![
            ("store_id", &self.store_id),
            ("store_passwd", &self.store_password),
            ("total_amount", &amount),
            ("currency", i.currency),
            ("tran_id", i.tran_id),
            ("success_url", i.success_url),
            ("fail_url", i.fail_url),
            ("cancel_url", i.cancel_url),
            ("ipn_url", i.ipn_url),
            ("cus_name", i.customer_name),
            ("cus_email", i.customer_email),
            ("cus_phone", i.customer_phone),
            ("cus_add1", "N/A"),
            ("cus_city", "N/A"),
            ("cus_country", "Bangladesh"),
            ("shipping_method", "NO"),
            ("num_of_item", "1"),
            ("product_name", i.product_name),
            ("product_category", "Healthcare"),
            ("product_profile", "non-physical-goods"),
            ("value_a", i.reference),
        ];
        let res = self.http.post(format!("{}/gwprocess/v4/api.php", self.base)).form(&form).send().await;
        let answer: InitAnswer = read(res).await?;
        match (answer.status.as_str(), answer.gateway_page_url) {
            ("SUCCESS", Some(url)) if !url.is_empty() => Ok(url),
            _ => Err(GatewayError::Refused {
                status: 200,
                code: answer.failedreason.unwrap_or(answer.status).chars().take(80).collect(),
            }),
        }
    }

    /// The validation API for `val_id`: the transaction as SSLCommerz holds it.
    pub async fn validate(&self, val_id: &str) -> Result<Transaction, GatewayError> {
        let q = [
            ("val_id", val_id),
            ("store_id", &self.store_id),
            ("store_passwd", &self.store_password),
            ("v", "1"),
            ("format", "json"),
        ];
        read(self.http.get(format!("{}/validator/api/validationserverAPI.php", self.base)).query(&q).send().await).await
    }

    /// The transaction query for `tran_id`: a paid attempt if there is one, else the latest, else "open".
    pub async fn query(&self, tran_id: &str) -> Result<Checkout, GatewayError> {
        let answer: QueryAnswer = self.merchant(&[("tran_id", tran_id)]).await?;
        if answer.api_connect != "DONE" {
            return Err(GatewayError::Refused { status: 200, code: answer.api_connect });
        }
        let found = answer.element.iter().find(|t| t.paid()).or(answer.element.last()).cloned();
        Ok(found.map(|t| t.checkout()).unwrap_or(Checkout {
            id: tran_id.to_string(),
            state: CheckoutState::Open,
            payment_ref: None,
            amount_minor: None,
            currency: None,
            reference: None,
        }))
    }

    /// Start a refund of `amount_minor` of `bank_tran_id`; `refund` (ours) goes as `refe_id`.
    pub async fn refund(
        &self,
        bank_tran_id: &str,
        amount_minor: i64,
        remarks: &str,
        refund: Uuid,
    ) -> Result<RefundAnswer, GatewayError> {
        let amount = format_amount(amount_minor);
        let refe = refund.simple().to_string();
        let remarks: String = remarks.chars().take(250).collect();
        let q = [
            ("bank_tran_id", bank_tran_id),
            ("refund_amount", &amount),
            ("refund_remarks", &remarks),
            ("refe_id", &refe),
        ];
        let r: RefundReply = self.merchant(&q).await?;
        match (r.api_connect.as_str(), r.status.as_str(), r.refund_ref_id) {
            ("DONE", "success" | "processing", Some(id)) => Ok(RefundAnswer { id, state: RefundState::Pending }),
            _ => Err(GatewayError::Refused { status: 200, code: format!("{} {}", r.api_connect, r.status) }),
        }
    }

    /// How refund `refund_ref_id` stands (`refunded`, `processing`, `cancelled`).
    pub async fn refund_status(&self, refund_ref_id: &str) -> Result<RefundAnswer, GatewayError> {
        let r: RefundReply = self.merchant(&[("refund_ref_id", refund_ref_id)]).await?;
        if r.api_connect != "DONE" {
            return Err(GatewayError::Refused { status: 200, code: r.api_connect });
        }
        let state = match r.status.as_str() {
            "refunded" => RefundState::Succeeded,
            "cancelled" => RefundState::Failed,
            _ => RefundState::Pending,
        };
        Ok(RefundAnswer { id: refund_ref_id.to_string(), state })
    }

    async fn merchant<T: serde::de::DeserializeOwned>(&self, q: &[(&str, &str)]) -> Result<T, GatewayError> {
        let auth = [
            ("store_id", self.store_id.as_str()),
            ("store_passwd", &self.store_password),
            ("v", "1"),
            ("format", "json"),
        ];
        let url = format!("{}/validator/api/merchantTransIDvalidationAPI.php", self.base);
        read(self.http.get(url).query(q).query(&auth).send().await).await
    }
}

async fn read<T: serde::de::DeserializeOwned>(res: reqwest::Result<reqwest::Response>) -> Result<T, GatewayError> {
    let res = res.map_err(|e| GatewayError::Unreachable(without_url(&e)))?;
    let status = res.status();
    let body = res.bytes().await.map_err(|e| GatewayError::Unreachable(without_url(&e)))?;
    if !status.is_success() {
        return Err(GatewayError::Refused { status: status.as_u16(), code: "http".into() });
    }
    serde_json::from_slice(&body).map_err(|_| GatewayError::Garbled)
}

/// Our `tran_id` for a payment (SSLCommerz allows 30 characters): "cb" and the id in base 36.
pub fn tran_id(payment: Uuid) -> String {
    let mut n = payment.as_u128();
    let mut digits = Vec::new();
    while n > 0 {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
    }
    digits.reverse();
    format!("cb{}", String::from_utf8(digits).unwrap_or_default())
}

#[cfg(test)]
mod tests;
