"""A small but real OpenID Connect provider standing in for ProConnect in tests.

It listens on 127.0.0.1 (a free port) in a background thread and serves the endpoints that
mozilla-django-oidc calls during the authorization code flow:

- ``/authorize``: checks the client and redirect URI, remembers the nonce, and redirects back
  to the client with a one-time code and the state (the "agent" is whoever ``identity`` says);
- ``/token``: exchanges the code (client id, secret and redirect URI must match) for an access
  token and an ``id_token`` signed with RS256 that echoes the nonce;
- ``/userinfo``: the identity's claims, as JSON or, like ProConnect, as a signed JWT
  (``application/jwt``);
- ``/jwks``: the public key that verifies the signatures.
"""

import functools
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa


def generate_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.cache
def _provider_key() -> rsa.RSAPrivateKey:
    """One signing key per test process: generating RSA keys is the slow part of a test."""
    return generate_key()


class FakeOIDCProvider:
    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = _provider_key()
        self.kid = "cle-de-test"
        self.identity = {
            "sub": "proconnect-sub-0001",
            "email": "agent@ministere.example",
            "given_name": "Agent",
            "usual_name": "Public",
        }
        self.userinfo_as_jwt = False
        self.id_token_key = self.key  # Replace to sign with a key the JWKS does not publish.
        self.grants: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.calls: list[str] = []  # "GET /authorize", "POST /token"… in order
        self.token_requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.provider = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # --- lifecycle ---

    def start(self) -> "FakeOIDCProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # --- where the client finds the provider ---

    @property
    def issuer(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def authorization_endpoint(self) -> str:
        return f"{self.issuer}/authorize"

    @property
    def token_endpoint(self) -> str:
        return f"{self.issuer}/token"

    @property
    def userinfo_endpoint(self) -> str:
        return f"{self.issuer}/userinfo"

    @property
    def jwks_endpoint(self) -> str:
        return f"{self.issuer}/jwks"

    # --- what the browser would do at the provider ---

    def authorize(self, authorization_url: str) -> str:
        """Follow the client's redirect to the provider, as the agent's browser would, and
        return where the provider sends the browser back (the client's callback URL)."""
        response = requests.get(authorization_url, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    # --- signing ---

    def sign(self, claims: dict, key: rsa.RSAPrivateKey | None = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeProConnect/1.0"

    @property
    def provider(self) -> FakeOIDCProvider:
        return self.server.provider

    def log_message(self, format, *args):
        pass  # Keep the test output quiet.

    # --- plumbing ---

    def _send(self, status: int, body: bytes = b"", content_type: str = "application/json", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict):
        self._send(status, json.dumps(data).encode())

    def _error(self, status: int, error: str, description: str):
        self._json(status, {"error": error, "error_description": description})

    # --- routes ---

    def do_GET(self):
        url = urlsplit(self.path)
        self.provider.calls.append(f"GET {url.path}")
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        if url.path == "/authorize":
            return self._authorize(query)
        if url.path == "/userinfo":
            return self._userinfo()
        if url.path == "/jwks":
            return self._json(200, self.provider.jwks())
        return self._error(404, "not_found", url.path)

    def do_POST(self):
        url = urlsplit(self.path)
        self.provider.calls.append(f"POST {url.path}")
        length = int(self.headers.get("Content-Length") or 0)
        form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
        if url.path == "/token":
            return self._token(form)
        return self._error(404, "not_found", url.path)

    def _authorize(self, query: dict):
        provider = self.provider
        if query.get("client_id") != provider.client_id:
            return self._error(400, "invalid_client", "unknown client_id")
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return self._error(400, "invalid_request", "authorization code flow with the openid scope only")
        if not query.get("redirect_uri") or not query.get("state") or not query.get("nonce"):
            return self._error(400, "invalid_request", "redirect_uri, state and nonce are required")
        code = secrets.token_urlsafe(24)
        provider.grants[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query["nonce"],
            "identity": dict(provider.identity),
        }
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return self._send(302, headers={"Location": location})

    def _token(self, form: dict):
        provider = self.provider
        provider.token_requests.append(form)
        if form.get("client_id") != provider.client_id or form.get("client_secret") != provider.client_secret:
            return self._error(401, "invalid_client", "bad client credentials")
        if form.get("grant_type") != "authorization_code":
            return self._error(400, "unsupported_grant_type", form.get("grant_type", ""))
        grant = provider.grants.pop(form.get("code", ""), None)  # A code is good for one exchange only.
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return self._error(400, "invalid_grant", "unknown code or redirect_uri mismatch")
        now = int(time.time())
        identity = grant["identity"]
        id_token = provider.sign(
            {
                "iss": provider.issuer,
                "aud": provider.client_id,
                "sub": identity["sub"],
                "email": identity.get("email"),
                "nonce": grant["nonce"],
                "iat": now,
                "exp": now + 60,
            },
            key=provider.id_token_key,
        )
        access_token = secrets.token_urlsafe(24)
        provider.access_tokens[access_token] = identity
        return self._json(
            200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 60, "id_token": id_token}
        )

    def _userinfo(self):
        provider = self.provider
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        identity = provider.access_tokens.get(token) if scheme == "Bearer" else None
        if identity is None:
            return self._send(401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if provider.userinfo_as_jwt:
            now = int(time.time())
            claims = {"iss": provider.issuer, "aud": provider.client_id, "iat": now, "exp": now + 60, **identity}
            return self._send(200, provider.sign(claims).encode(), content_type="application/jwt")
        return self._json(200, identity)
