import type { Extension, GeneralName, Name } from '@peculiar/asn1-x509';
import { asn1 } from './asn1-lazy.ts';
import type { JsonObject, JsonValue } from '../../../core/json.ts';
import { appendAll } from '../../../core/append-all.ts';

/** Go's x509.SignatureAlgorithm numbers, by signature OID. */
const SIGNATURE_ALGORITHMS: Record<string, number> = {
  '1.2.840.113549.1.1.2': 1, // MD2WithRSA
  '1.2.840.113549.1.1.4': 2, // MD5WithRSA
  '1.2.840.113549.1.1.5': 3, // SHA1WithRSA
  '1.2.840.113549.1.1.11': 4, // SHA256WithRSA
  '1.2.840.113549.1.1.12': 5, // SHA384WithRSA
  '1.2.840.113549.1.1.13': 6, // SHA512WithRSA
  '1.2.840.10040.4.3': 7, // DSAWithSHA1
  '2.16.840.1.101.3.4.3.2': 8, // DSAWithSHA256
  '1.2.840.10045.4.1': 9, // ECDSAWithSHA1
  '1.2.840.10045.4.3.2': 10, // ECDSAWithSHA256
  '1.2.840.10045.4.3.3': 11, // ECDSAWithSHA384
  '1.2.840.10045.4.3.4': 12, // ECDSAWithSHA512
  '1.3.101.112': 16, // PureEd25519
};

/** RSASSA-PSS: Go tells SHA256/384/512WithRSAPSS apart by the hash in the parameters. */
const PSS = '1.2.840.113549.1.1.10';
const PSS_HASHES: Record<string, number> = { '2.16.840.1.101.3.4.2.1': 13, '2.16.840.1.101.3.4.2.2': 14, '2.16.840.1.101.3.4.2.3': 15 };

export function signatureAlgorithm(oid: string, parameters: ArrayBuffer | null | undefined): number {
  if (oid !== PSS) return SIGNATURE_ALGORITHMS[oid] ?? 0;
  const bytes = parameters ? Buffer.from(parameters).toString('hex') : '';
  for (const [hash, number] of Object.entries(PSS_HASHES)) if (bytes.includes(oidHex(hash))) return number;
  return 0;
}

/** DER content bytes of an OID, as hex (to find a hash OID inside PSS parameters). */
function oidHex(oid: string): string {
  const [a = 0, b = 0, ...rest] = oid.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    appendAll(bytes, chunk);
  }
  return Buffer.from(bytes).toString('hex');
}

/** Go's x509.PublicKeyAlgorithm numbers, by key OID. */
export const PUBLIC_KEY_ALGORITHMS: Record<string, number> = {
  '1.2.840.113549.1.1.1': 1, // RSA
  '1.2.840.10040.4.1': 2, // DSA
  '1.2.840.10045.2.1': 3, // ECDSA
  '1.3.101.112': 4, // Ed25519
};

/** Go's x509.ExtKeyUsage numbers, by OID. */
const EXT_KEY_USAGES: Record<string, number> = {
  '2.5.29.37.0': 0,
  '1.3.6.1.5.5.7.3.1': 1,
  '1.3.6.1.5.5.7.3.2': 2,
  '1.3.6.1.5.5.7.3.3': 3,
  '1.3.6.1.5.5.7.3.4': 4,
  '1.3.6.1.5.5.7.3.5': 5,
  '1.3.6.1.5.5.7.3.6': 6,
  '1.3.6.1.5.5.7.3.7': 7,
  '1.3.6.1.5.5.7.3.8': 8,
  '1.3.6.1.5.5.7.3.9': 9,
  '1.3.6.1.4.1.311.10.3.3': 10,
  '2.16.840.1.113730.4.1': 11,
  '1.3.6.1.4.1.311.2.1.22': 12,
  '1.3.6.1.4.1.311.61.1.1': 13,
};

export const oidParts = (oid: string): number[] => oid.split('.').map(Number);
export const base64 = (bytes: ArrayBuffer | Uint8Array | undefined): JsonValue => (bytes === undefined ? null : Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64'));
const list = (values: JsonValue[]): JsonValue => (values.length === 0 ? null : values);

/** pkix.Name attribute OIDs Go lifts into named fields. */
const NAME_FIELDS: Record<string, string> = {
  '2.5.4.6': 'Country',
  '2.5.4.10': 'Organization',
  '2.5.4.11': 'OrganizationalUnit',
  '2.5.4.7': 'Locality',
  '2.5.4.8': 'Province',
  '2.5.4.9': 'StreetAddress',
  '2.5.4.17': 'PostalCode',
};

/** A distinguished name as Go's pkix.Name marshals it to JSON. */
export function pkixName(name: Name): JsonObject {
  const lists: Record<string, string[]> = {};
  const names: JsonValue[] = [];
  let commonName = '';
  let serialNumber = '';
  for (const rdn of name) {
    for (const attribute of rdn) {
      const value = attribute.value.toString();
      names.push({ Type: oidParts(attribute.type), Value: value });
      const field = NAME_FIELDS[attribute.type];
      if (field) (lists[field] ??= []).push(value);
      else if (attribute.type === '2.5.4.3') commonName = value;
      else if (attribute.type === '2.5.4.5') serialNumber = value;
    }
  }
  const out: JsonObject = {};
  for (const field of ['Country', 'Organization', 'OrganizationalUnit', 'Locality', 'Province', 'StreetAddress', 'PostalCode']) out[field] = lists[field] ?? null;
  return { ...out, SerialNumber: serialNumber, CommonName: commonName, Names: list(names), ExtraNames: null };
}

/** Go's time.Time JSON: RFC 3339 in UTC, fractional seconds only when present. */
export function goTime(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

export function extensionJson(extension: Extension): JsonObject {
  return { Id: oidParts(extension.extnID), Critical: extension.critical, Value: base64(extension.extnValue.buffer) };
}

/** The fields Go's parser fills from the subject alternative names. */
export interface AltNames {
  DNSNames: string[];
  EmailAddresses: string[];
  IPAddresses: string[];
  URIs: string[];
}

function addGeneralNames(names: readonly GeneralName[], into: AltNames): void {
  for (const name of names) {
    if (name.dNSName !== undefined) into.DNSNames.push(name.dNSName);
    if (name.rfc822Name !== undefined) into.EmailAddresses.push(name.rfc822Name);
    if (name.iPAddress !== undefined) into.IPAddresses.push(name.iPAddress);
    if (name.uniformResourceIdentifier !== undefined) into.URIs.push(name.uniformResourceIdentifier);
  }
}

/** A URL as Go's url.URL marshals to JSON (its exported fields). */
function goUrl(text: string): JsonObject {
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    parsed = undefined;
  }
  return {
    Scheme: parsed ? parsed.protocol.replace(/:$/, '') : '',
    Opaque: '',
    User: null,
    Host: parsed?.host ?? '',
    Path: parsed?.pathname ?? text,
    RawPath: '',
    OmitHost: false,
    ForceQuery: false,
    RawQuery: parsed ? parsed.search.replace(/^\?/, '') : '',
    Fragment: parsed ? parsed.hash.replace(/^#/, '') : '',
    RawFragment: '',
  };
}

export function altNamesJson(names: AltNames): JsonObject {
  return {
    DNSNames: list(names.DNSNames),
    EmailAddresses: list(names.EmailAddresses),
    IPAddresses: list(names.IPAddresses),
    URIs: list(names.URIs.map(goUrl)),
  };
}

/** What Go's certificate parser reads from the extensions it knows. */
export function certificateExtensionFields(extensions: readonly Extension[]): JsonObject {
  const alt: AltNames = { DNSNames: [], EmailAddresses: [], IPAddresses: [], URIs: [] };
  const out: JsonObject = {
    KeyUsage: 0,
    ExtKeyUsage: null,
    UnknownExtKeyUsage: null,
    BasicConstraintsValid: false,
    IsCA: false,
    MaxPathLen: 0,
    MaxPathLenZero: false,
    SubjectKeyId: null,
    AuthorityKeyId: null,
    OCSPServer: null,
    IssuingCertificateURL: null,
    CRLDistributionPoints: null,
    PolicyIdentifiers: null,
  };
  for (const extension of extensions) {
    const value = extension.extnValue.buffer;
    switch (extension.extnID) {
      case '2.5.29.15': {
        const usage = asn1().schema.AsnConvert.parse(value, asn1().x509.KeyUsage);
        out['KeyUsage'] = usage.toNumber();
        break;
      }
      case '2.5.29.37': {
        const known: JsonValue[] = [];
        const unknown: JsonValue[] = [];
        for (const oid of asn1().schema.AsnConvert.parse(value, asn1().x509.ExtendedKeyUsage)) {
          const number = EXT_KEY_USAGES[oid];
          if (number === undefined) unknown.push(oidParts(oid));
          else known.push(number);
        }
        out['ExtKeyUsage'] = list(known);
        out['UnknownExtKeyUsage'] = list(unknown);
        break;
      }
      case '2.5.29.19': {
        const constraints = asn1().schema.AsnConvert.parse(value, asn1().x509.BasicConstraints);
        out['BasicConstraintsValid'] = true;
        out['IsCA'] = constraints.cA;
        out['MaxPathLen'] = constraints.pathLenConstraint ?? -1;
        out['MaxPathLenZero'] = constraints.pathLenConstraint === 0;
        break;
      }
      case '2.5.29.14':
        out['SubjectKeyId'] = base64(asn1().schema.AsnConvert.parse(value, asn1().x509.SubjectKeyIdentifier).buffer);
        break;
      case '2.5.29.35': {
        const id = asn1().schema.AsnConvert.parse(value, asn1().x509.AuthorityKeyIdentifier).keyIdentifier;
        out['AuthorityKeyId'] = id ? base64(id.buffer) : null;
        break;
      }
      case '2.5.29.17':
        addGeneralNames(asn1().schema.AsnConvert.parse(value, asn1().x509.SubjectAlternativeName), alt);
        break;
      case '1.3.6.1.5.5.7.1.1': {
        const ocsp: JsonValue[] = [];
        const issuers: JsonValue[] = [];
        for (const access of asn1().schema.AsnConvert.parse(value, asn1().x509.AuthorityInfoAccessSyntax)) {
          const uri = access.accessLocation.uniformResourceIdentifier;
          if (uri === undefined) continue;
          if (access.accessMethod === '1.3.6.1.5.5.7.48.1') ocsp.push(uri);
          if (access.accessMethod === '1.3.6.1.5.5.7.48.2') issuers.push(uri);
        }
        out['OCSPServer'] = list(ocsp);
        out['IssuingCertificateURL'] = list(issuers);
        break;
      }
      case '2.5.29.31': {
        const points: JsonValue[] = [];
        for (const point of asn1().schema.AsnConvert.parse(value, asn1().x509.CRLDistributionPoints)) {
          for (const name of point.distributionPoint?.fullName ?? []) if (name.uniformResourceIdentifier !== undefined) points.push(name.uniformResourceIdentifier);
        }
        out['CRLDistributionPoints'] = list(points);
        break;
      }
      case '2.5.29.32':
        out['PolicyIdentifiers'] = list(asn1().schema.AsnConvert.parse(value, asn1().x509.CertificatePolicies).map((p) => oidParts(p.policyIdentifier)));
        break;
      default:
        break;
    }
  }
  return { ...out, ...altNamesJson(alt) };
}

export function requestAltNames(extensions: readonly Extension[]): JsonObject {
  const alt: AltNames = { DNSNames: [], EmailAddresses: [], IPAddresses: [], URIs: [] };
  for (const extension of extensions) {
    if (extension.extnID === '2.5.29.17') addGeneralNames(asn1().schema.AsnConvert.parse(extension.extnValue.buffer, asn1().x509.SubjectAlternativeName), alt);
  }
  return altNamesJson(alt);
}
