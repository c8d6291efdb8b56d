import { createPublicKey } from 'node:crypto';
import type { Extension, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { asn1 } from './asn1-lazy.ts';
import type { JsonObject, JsonValue } from '../../../core/json.ts';
import { FunctionError, stringArg, type KyvernoFunction } from '../function-types.ts';
import { base64, certificateExtensionFields, extensionJson, goTime, pkixName, PUBLIC_KEY_ALGORITHMS, requestAltNames, signatureAlgorithm } from './x509-fields.ts';
import { appendAll } from '../../../core/append-all.ts';

const NAME = 'x509_decode';
const RSA = '1.2.840.113549.1.1.1';
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** The first PEM block of a text: its type and DER bytes. */
function pemBlock(text: string): { type: string; der: Buffer } {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!match) throw new FunctionError(NAME, 'failed to decode PEM block');
  return { type: match[1] ?? '', der: Buffer.from((match[2] ?? '').replace(/\s+/g, ''), 'base64') };
}

/** Go's rsa.PublicKey as Kyverno shapes it: the modulus as a decimal string, the exponent as a number. */
function rsaPublicKey(spki: SubjectPublicKeyInfo): JsonObject {
  if (spki.algorithm.algorithm !== RSA) throw new FunctionError(NAME, 'certificate should use rsa algorithm');
  let jwk: { n?: string | undefined; e?: string | undefined };
  try {
    jwk = createPublicKey({ key: Buffer.from(asn1().schema.AsnConvert.serialize(spki)), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  } catch {
    throw new FunctionError(NAME, 'failed to parse subject public key info');
  }
  const toBig = (b64url: string | undefined): bigint => BigInt(`0x${Buffer.from(b64url ?? '', 'base64url').toString('hex') || '0'}`);
  return { N: toBig(jwk.n).toString(), E: Number(toBig(jwk.e)) };
}

/** A big-endian two's complement integer as a JSON number (Go's big.Int marshals as a number; Kyverno reads it back as a float). */
function serialNumber(bytes: ArrayBuffer): number {
  const hex = Buffer.from(bytes).toString('hex') || '0';
  const value = BigInt(`0x${hex}`);
  const negative = (Number.parseInt(hex.slice(0, 2), 16) & 0x80) !== 0;
  return Number(negative ? value - (1n << BigInt(hex.length * 4)) : value);
}

function raw(value: object): JsonValue {
  return base64(asn1().schema.AsnConvert.serialize(value));
}

/** A certificate as Go's x509.Certificate marshals to JSON (Kyverno's x509_decode output). */
function certificateJson(der: Buffer): JsonObject {
  const cert = asn1().schema.AsnConvert.parse(der, asn1().x509.Certificate);
  const tbs = cert.tbsCertificate;
  const publicKey = rsaPublicKey(tbs.subjectPublicKeyInfo);
  const extensions: Extension[] = tbs.extensions ? [...tbs.extensions] : [];
  return {
    Raw: base64(der),
    RawTBSCertificate: cert.tbsCertificateRaw ? base64(cert.tbsCertificateRaw) : raw(tbs),
    RawSubjectPublicKeyInfo: raw(tbs.subjectPublicKeyInfo),
    RawSubject: raw(tbs.subject),
    RawIssuer: raw(tbs.issuer),
    Signature: base64(cert.signatureValue),
    SignatureAlgorithm: signatureAlgorithm(cert.signatureAlgorithm.algorithm, cert.signatureAlgorithm.parameters),
    PublicKeyAlgorithm: PUBLIC_KEY_ALGORITHMS[tbs.subjectPublicKeyInfo.algorithm.algorithm] ?? 0,
    PublicKey: publicKey,
    Version: tbs.version + 1,
    SerialNumber: serialNumber(tbs.serialNumber),
    Issuer: pkixName(tbs.issuer),
    Subject: pkixName(tbs.subject),
    NotBefore: goTime(tbs.validity.notBefore.getTime()),
    NotAfter: goTime(tbs.validity.notAfter.getTime()),
    Extensions: extensions.length === 0 ? null : extensions.map(extensionJson),
    ExtraExtensions: null,
    UnhandledCriticalExtensions: null,
    ...certificateExtensionFields(extensions),
    PermittedDNSDomainsCritical: false,
    PermittedDNSDomains: null,
    ExcludedDNSDomains: null,
    PermittedIPRanges: null,
    ExcludedIPRanges: null,
    PermittedEmailAddresses: null,
    ExcludedEmailAddresses: null,
    PermittedURIDomains: null,
    ExcludedURIDomains: null,
  };
}

/** A certificate request as Go's x509.CertificateRequest marshals to JSON. */
function requestJson(der: Buffer): JsonObject {
  const csr = asn1().schema.AsnConvert.parse(der, asn1().csr.CertificationRequest);
  const info = csr.certificationRequestInfo;
  const publicKey = rsaPublicKey(info.subjectPKInfo);
  const extensions: Extension[] = [];
  for (const attribute of info.attributes) {
    if (attribute.type !== EXTENSION_REQUEST) continue;
    for (const value of attribute.values) appendAll(extensions, asn1().schema.AsnConvert.parse(value, asn1().x509.Extensions));
  }
  return {
    Raw: base64(der),
    RawTBSCertificateRequest: csr.certificationRequestInfoRaw ? base64(csr.certificationRequestInfoRaw) : raw(info),
    RawSubjectPublicKeyInfo: raw(info.subjectPKInfo),
    RawSubject: raw(info.subject),
    Version: info.version,
    Signature: base64(csr.signature),
    SignatureAlgorithm: signatureAlgorithm(csr.signatureAlgorithm.algorithm, csr.signatureAlgorithm.parameters),
    PublicKeyAlgorithm: PUBLIC_KEY_ALGORITHMS[info.subjectPKInfo.algorithm.algorithm] ?? 0,
    PublicKey: publicKey,
    Subject: pkixName(info.subject),
    Attributes: null,
    Extensions: extensions.length === 0 ? null : extensions.map(extensionJson),
    ExtraExtensions: null,
    ...requestAltNames(extensions),
  };
}

/**
 * Kyverno's x509_decode: a PEM certificate or certificate request (RSA keys only) decoded
 * to the JSON of Go's x509.Certificate / x509.CertificateRequest.
 */
export const X509_FUNCTIONS: readonly KyvernoFunction[] = [
  {
    name: NAME,
    arity: 1,
    call: (args) => {
      const block = pemBlock(stringArg(NAME, args, 0));
      try {
        if (block.type === 'CERTIFICATE') return certificateJson(block.der);
        if (block.type === 'CERTIFICATE REQUEST') return requestJson(block.der);
      } catch (e) {
        if (e instanceof FunctionError) throw e;
        throw new FunctionError(NAME, `x509: malformed ${block.type.toLowerCase()}: ${(e as Error).message}`);
      }
      throw new FunctionError(NAME, 'PEM block neither contains a CERTIFICATE or CERTIFICATE REQUEST');
    },
  },
];
