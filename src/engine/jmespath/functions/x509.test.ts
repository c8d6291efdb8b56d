import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../core/json.ts';
import { failure, value } from '../test-support.ts';

// Made for this test with openssl (RSA 1024, self-signed, SAN DNS + IP, key usages).
const CERT = `-----BEGIN CERTIFICATE-----
MIIC3jCCAkegAwIBAgIUPrFUx3jnrssSg68E0VpDUzlFshEwDQYJKoZIhvcNAQEL
BQAwUTELMAkGA1UEBhMCREUxFjAUBgNVBAoMDVByZWFkbWl0IFRlc3QxDzANBgNV
BAsMBlBvbGljeTEZMBcGA1UEAwwQcHJlYWRtaXQuZXhhbXBsZTAeFw0yNjEyMDQx
OTE3MjFaFw0zNjEyMDExOTE3MjFaMFExCzAJBgNVBAYTAkRFMRYwFAYDVQQKDA1Q
cmVhZG1pdCBUZXN0MQ8wDQYDVQQLDAZQb2xpY3kxGTAXBgNVBAMMEHByZWFkbWl0
LmV4YW1wbGUwgZ8wDQYJKoZIhvcNAQEBBQADgY0AMIGJAoGBAKNa0WbDKdOv5MGU
CEMuPgQKXBYRYCtMsj0Fyav5MGD9M5KMHXPrii/1rCod5AS/WzK5MjTfhj9F3kk3
3CoNNSfLFaFMzV7Ugx+BH9CDafFLvH4A5CmAbV0pzq8VjwAiPPaDeV04GSuDqbyN
PYLFLrjp9YHkby5xtoABZic+xWuPAgMBAAGjgbIwga8wHQYDVR0OBBYEFH1trrjV
DxrmU3mSn6duPmQvpjp6MB8GA1UdIwQYMBaAFH1trrjVDxrmU3mSn6duPmQvpjp6
MA8GA1UdEwEB/wQFMAMBAf8wNwYDVR0RBDAwLoIQcHJlYWRtaXQuZXhhbXBsZYIU
d3d3LnByZWFkbWl0LmV4YW1wbGWHBAoAAAEwDgYDVR0PAQH/BAQDAgWgMBMGA1Ud
JQQMMAoGCCsGAQUFBwMBMA0GCSqGSIb3DQEBCwUAA4GBAGmHjwGfveW3xJlJOZMZ
aS5kmUmB2kxisfFZQ089NFz2nm9uNIuQVi3LyxNUob1c4guBWQTJ6u9YNnS+ykK6
N38c1lj3N66Zzeaq2NadZl0lcZ7v+h/aRb5XwLuVLHJlG1zVyS8wG2aldQjrvHvf
FXYTbTbMFe38AOXFv7U5untS
-----END CERTIFICATE-----
`;
const CSR = `-----BEGIN CERTIFICATE REQUEST-----
MIIBfjCB6AIBADAWMRQwEgYDVQQDDAtjc3IuZXhhbXBsZTCBnzANBgkqhkiG9w0B
AQEFAAOBjQAwgYkCgYEAo1rRZsMp06/kwZQIQy4+BApcFhFgK0yyPQXJq/kwYP0z
kowdc+uKL/WsKh3kBL9bMrkyNN+GP0XeSTfcKg01J8sVoUzNXtSDH4Ef0INp8Uu8
fgDkKYBtXSnOrxWPACI89oN5XTgZK4OpvI09gsUuuOn1geRvLnG2gAFmJz7Fa48C
AwEAAaApMCcGCSqGSIb3DQEJDjEaMBgwFgYDVR0RBA8wDYILY3NyLmV4YW1wbGUw
DQYJKoZIhvcNAQELBQADgYEABhlq+dTTZVpfQCiQQUkb11/RopIaBeUTsEfHAAuW
v9zmNPOA5PA5+ndkLHb7MQLqvMQPI3/ZIzrjxP0JIodZIuaghdpiV6VLd2ZEYjiG
KS8z6yRudk7bic1BR2b6ZMN45LIUEBYiYudzRKtvGgz/vONZiC5D4wqA+oKbTk9M
19Q=
-----END CERTIFICATE REQUEST-----
`;
const EC_CERT = `-----BEGIN CERTIFICATE-----
MIIBfjCCASWgAwIBAgIUTXzlg1kp09YjEjjaL3we+vYVU48wCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKZWMuZXhhbXBsZTAeFw0yNjEyMDQxOTE3MjZaFw0zNjEyMDEx
OTE3MjZaMBUxEzARBgNVBAMMCmVjLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ3gRLZJNCsaDEcOcPGywYkSd1bm2L8WLYkYlP52V/39OUhvG1kXGK3
7w5S9S2cP2/US1G5vw8WrRR4ExYKxsJno1MwUTAdBgNVHQ4EFgQU8OdD+EgZsUWP
1Gq/ZndXmw8vrBkwHwYDVR0jBBgwFoAU8OdD+EgZsUWP1Gq/ZndXmw8vrBkwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiB6cJjDAovXAsQR3akGNksh
+ZtiXK4TxR5h4nWbfw+y7QIgO0fdneCjm9CKOx007Fr8B9yfXL7eYFjPpv/9Q0dW
EdM=
-----END CERTIFICATE-----
`;
const MODULUS =
  '114711611908597427717195331353558875705797390949951542838328398714065830079717156704493396386623060475612167341779249519529510133689806057798759674863231545631263180494665083868799242517362602293640069729378575210079516387967860221335715059145153428906591376066508989425124432270764246854963700665946542009231';

describe('x509_decode', () => {
  it('decodes a certificate to the JSON of Go x509.Certificate', () => {
    const cert = value('x509_decode(pem)', { pem: CERT }) as JsonObject;
    expect(cert['PublicKey']).toEqual({ N: MODULUS, E: 65537 });
    expect(cert['Version']).toBe(3);
    expect(cert['SignatureAlgorithm']).toBe(4);
    expect(cert['PublicKeyAlgorithm']).toBe(1);
    expect(cert['NotBefore']).toBe('2026-12-04T19:17:21Z');
    expect(cert['NotAfter']).toBe('2036-12-01T19:17:21Z');
    expect(cert['Subject']).toMatchObject({ CommonName: 'preadmit.example', Organization: ['Preadmit Test'], OrganizationalUnit: ['Policy'], Country: ['DE'], Locality: null });
    expect((cert['Subject'] as JsonObject)['Names']).toContainEqual({ Type: [2, 5, 4, 3], Value: 'preadmit.example' });
    expect(cert['DNSNames']).toEqual(['preadmit.example', 'www.preadmit.example']);
    expect(cert['IPAddresses']).toEqual(['10.0.0.1']);
    expect(cert['KeyUsage']).toBe(1 | 4);
    expect(cert['ExtKeyUsage']).toEqual([1]);
    expect(cert['IsCA']).toBe(true);
    expect(cert['BasicConstraintsValid']).toBe(true);
    expect(cert['MaxPathLen']).toBe(-1);
    expect(cert['SerialNumber']).toBe(Number(BigInt('0x3EB154C778E7AECB1283AF04D15A43533945B211')));
  });

  it('reads base64-encoded certificates with base64_decode, as the Kyverno docs show', () => {
    const encoded = Buffer.from(CERT).toString('base64');
    expect(value('x509_decode(base64_decode(b)).PublicKey.N', { b: encoded })).toBe(MODULUS);
  });

  it('decodes a certificate request', () => {
    const csr = value('x509_decode(pem)', { pem: CSR }) as JsonObject;
    expect(csr['PublicKey']).toEqual({ N: MODULUS, E: 65537 });
    expect((csr['Subject'] as JsonObject)['CommonName']).toBe('csr.example');
    expect(csr['DNSNames']).toEqual(['csr.example']);
    expect(csr['Version']).toBe(0);
  });

  it('fails as Kyverno does on keys other than RSA, on text that is not PEM and on other PEM blocks', () => {
    expect(failure('x509_decode(pem)', { pem: EC_CERT })).toContain('certificate should use rsa algorithm');
    expect(failure("x509_decode('not a certificate')")).toContain('failed to decode PEM block');
    expect(failure('x509_decode(pem)', { pem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' })).toContain('neither contains a CERTIFICATE or CERTIFICATE REQUEST');
  });
});

describe('sha1 and md5', () => {
  it('hash strings to hex', () => {
    expect(value("sha1('abc')")).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(value("md5('abc')")).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
});
