# certgate for Jetty 12.1 (see docs/jetty.md of certgate)

[description]
certgate: turns the verified TLS client certificate of each request into a principal and roles for web
applications whose web.xml declares CLIENT-CERT, from each application's own rules file
(context-param certgate.rules), with OCSP and CRL revocation checking.

[tags]
security

[depend]
server
security

[lib]
lib/certgate/*.jar

[xml]
etc/certgate.xml

[ini-template]
# ---------------------------------------
# certgate (docs/jetty.md, docs/configuration.md)
# ---------------------------------------
## Rules for web applications that do not set the certgate.rules context-param:
## an absolute path or a file: URL. Unset: such web applications fail to start.
# certgate.rules=${jetty.base}/etc/certgate.rules

## Defaults for the settings of rules files; a rules file's own settings win.
## Each line shows the built-in default.
## PEM file (or glob) of trust anchors every chain must validate to (RFC 5280), else UNTRUSTED_CHAIN
# certgate.trust.anchors=
## sources and order: ocsp-then-crl, crl-then-ocsp, ocsp, crl or off
# certgate.revocation.mode=ocsp-then-crl
## which certificates are checked: leaf, or chain (every certificate below the trust anchor)
# certgate.revocation.scope=leaf
## what an UNKNOWN status leads to: deny, or allow (logged at WARN on start)
# certgate.revocation.on-unknown=deny
## one deadline for all network work of one check
# certgate.revocation.timeout=5s
## how far in the future thisUpdate may be
# certgate.revocation.clock-skew=5m
## the oldest thisUpdate accepted; bounds every answer when set
# certgate.revocation.max-age=
## PEM file of issuer certificates, for clients that send only their leaf
# certgate.revocation.issuers=
## OCSP responder used when a certificate names none
# certgate.revocation.ocsp.responder=
## use revocation.ocsp.responder even when a certificate names a responder
# certgate.revocation.ocsp.responder-override=false
## PEM certificate trusted to sign OCSP responses for any certificate
# certgate.revocation.ocsp.responder-cert=
## send a nonce and require it back
# certgate.revocation.ocsp.nonce=false
## hash of request CertIDs: sha1 (RFC 5019) or sha256
# certgate.revocation.ocsp.hash=sha1
## use GET for requests of at most 255 bytes
# certgate.revocation.ocsp.get=false
## largest OCSP response accepted
# certgate.revocation.ocsp.max-bytes=64KiB
## local CRL files (a glob), reloaded when they change
# certgate.revocation.crl.files=
## largest CRL accepted
# certgate.revocation.crl.max-bytes=64MiB
## bytes of CRLs kept between checks, per JVM (shared by all web applications)
# certgate.revocation.crl.cache.max-bytes=256MiB
## longest time an answer is cached, whatever its nextUpdate
# certgate.revocation.cache.max-ttl=1h
## most statuses held in the cache
# certgate.revocation.cache.max-entries=100000
## container only: refuse rules files that weaken the container's revocation settings (off, allow, ...)
# certgate.revocation.forbid-weakening=false
