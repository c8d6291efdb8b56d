/** The part of SARIF 2.1.0 that preadmit writes (OASIS sarif-v2.1.0, GitHub code scanning subset). */

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region: SarifRegion;
}

export interface SarifLocation {
  physicalLocation: SarifPhysicalLocation;
  message?: SarifMessage;
}

export interface SarifReplacement {
  deletedRegion: SarifRegion;
  insertedContent?: { text: string };
}

export interface SarifFix {
  description: SarifMessage;
  artifactChanges: { artifactLocation: SarifArtifactLocation; replacements: SarifReplacement[] }[];
}

export interface SarifRuleProperties {
  tags: string[];
  precision: 'very-high' | 'high' | 'medium' | 'low';
  'security-severity'?: string;
  'problem.severity'?: 'error' | 'warning' | 'recommendation';
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: SarifRuleProperties;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  fixes?: SarifFix[];
  properties?: Record<string, string | boolean>;
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      informationUri: string;
      semanticVersion: string;
      rules: SarifReportingDescriptor[];
    };
  };
  automationDetails?: { id: string };
  originalUriBaseIds: Record<string, { uri?: string; description: SarifMessage }>;
  columnKind: 'utf16CodeUnits' | 'unicodeCodePoints';
  results: SarifResult[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}
