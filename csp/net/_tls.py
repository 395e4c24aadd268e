"""TLS for networked channels: the host's certificate verified by the client, client certificates optional."""

from __future__ import annotations

from typing import Any

__all__ = ["server_tls", "client_tls"]


def _ssl() -> Any:
    try:
        from twisted.internet import ssl
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError("TLS needs pyOpenSSL and service_identity: pip install 'txcsp[tls]'") from error
    try:
        import OpenSSL  # noqa: F401
        import service_identity  # noqa: F401
    except ImportError as error:
        raise ImportError("TLS needs pyOpenSSL and service_identity: pip install 'txcsp[tls]'") from error
    return ssl


def server_tls(cert: bytes, key: bytes, client_ca: bytes | None = None) -> Any:
    """TLS options for :func:`serve`: the host's certificate and key (PEM bytes).

    With ``client_ca`` (PEM), every client must present a certificate
    signed by it, checked before the handshake of csp.net begins::

        server = yield serve("tcp:0:interface=127.0.0.1", chans,
                             tls=server_tls(cert_pem, key_pem, client_ca=ca_pem))
    """
    ssl = _ssl()
    private = ssl.PrivateCertificate.loadPEM(key + b"\n" + cert)
    if client_ca is None:
        return private.options()
    return private.options(ssl.Certificate.loadPEM(client_ca))


def client_tls(hostname: str, ca: bytes | None = None, cert: bytes | None = None,
               key: bytes | None = None) -> Any:
    """TLS options for :func:`connect`: verify the host's certificate for ``hostname``.

    ``ca`` (PEM) is the authority that signed the host's certificate (the
    system's trust roots if omitted); ``cert`` and ``key`` (PEM) are this
    client's own, for a host that asks for client certificates. Built with
    Twisted's ``optionsForClientTLS``, so the certificate chain and the
    host name are both checked::

        rc = yield connect(f"tcp:127.0.0.1:{port}", "jobs", tls=client_tls("localhost", ca=ca_pem))
    """
    ssl = _ssl()
    trust = None if ca is None else ssl.Certificate.loadPEM(ca)
    mine = None
    if cert is not None:
        if key is None:
            raise ValueError("client_tls(cert=...): give the client certificate's key= too")
        mine = ssl.PrivateCertificate.loadPEM(key + b"\n" + cert)
    return ssl.optionsForClientTLS(hostname, trustRoot=trust, clientCertificate=mine)
