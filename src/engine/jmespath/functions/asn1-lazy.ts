import { createRequire } from 'node:module';

type Asn1Schema = typeof import('@peculiar/asn1-schema');
type Asn1X509 = typeof import('@peculiar/asn1-x509');
type Asn1Csr = typeof import('@peculiar/asn1-csr');

const load = createRequire(import.meta.url);
let libraries: { schema: Asn1Schema; x509: Asn1X509; csr: Asn1Csr } | undefined;

/**
 * The ASN.1 libraries x509_decode needs, loaded on its first call: initialising them costs
 * about 140 ms, which every `preadmit check` would otherwise pay at start-up although few
 * policies decode certificates. (Loaded from node_modules, also by the compiled CLI.)
 */
export function asn1(): { schema: Asn1Schema; x509: Asn1X509; csr: Asn1Csr } {
  libraries ??= {
    schema: load('@peculiar/asn1-schema') as Asn1Schema,
    x509: load('@peculiar/asn1-x509') as Asn1X509,
    csr: load('@peculiar/asn1-csr') as Asn1Csr,
  };
  return libraries;
}
