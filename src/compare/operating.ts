import { memoByString } from '../base/memo.js';

/**
 * Headings about operating the system, in the languages specs are commonly written in. A
 * section under one is written for operators: its items belong in the runbook whether or not
 * the spec names the runbook. The vocabulary is of the subject (operating, deploying,
 * troubleshooting, recovering), never of one repository.
 */
const OPERATING_TERMS = [
  // English
  'operations',
  'operational',
  'operating',
  'operator',
  'ops',
  'runbook',
  'runbooks',
  'playbook',
  'deployment',
  'deployments',
  'deploying',
  'deploy',
  'troubleshooting',
  'troubleshoot',
  'recovery',
  'rollback',
  'on-call',
  'oncall',
  // German
  'betrieb',
  'betriebshandbuch',
  'bereitstellung',
  'fehlerbehebung',
  'wiederherstellung',
  'störungsbehebung',
  // French
  'exploitation',
  'déploiement',
  'dépannage',
  'opérations',
  'restauration',
  'reprise',
  // Spanish, Portuguese, Italian
  'operaciones',
  'despliegue',
  'recuperación',
  'operações',
  'implantação',
  'recuperação',
  'operazioni',
  'ripristino',
  // Dutch
  'beheer',
  'uitrol',
  'herstel',
];

/**
 * Words that may stand beside an operating term in a heading about it ("Deployment guide", "Guide de
 * déploiement").
 */
const GENERIC = [
  'guide',
  'notes',
  'procedure',
  'procedures',
  'steps',
  'checklist',
  'plan',
  'strategy',
  'process',
  'instructions',
  'considerations',
  'manual',
  'handbook',
  'and',
  '&',
  'the',
  'for',
  'of',
  'de',
  'du',
  'des',
  'la',
  'le',
  'et',
  'y',
  'e',
  'und',
  'der',
  'die',
  'das',
  'en',
  'van',
  'het',
  'leitfaden',
  'hinweise',
  'anleitung',
  'handbuch',
  'procédure',
  'procédures',
  'guía',
  'procedimientos',
  'guia',
  'procedimentos',
  'disaster',
  'production',
  'staging',
  'day-2',
  'day',
  '2',
  'common',
  'issues',
  'problems',
  'response',
  'handling',
  'to',
  'in',
  'on',
];

/** CJK headings have no spaces: a short heading holding one of these terms is about operating. */
const CJK_TERMS = [
  '運用',
  '運用手順',
  '障害対応',
  '復旧',
  'デプロイ',
  'トラブルシューティング',
  '运维',
  '部署',
  '故障排除',
  '恢复',
  '운영',
  '배포',
  '장애',
];

/**
 * Terms that stay about operating whatever qualifies them ("Worker runbook"), unlike "Password recovery",
 * "CRUD operations" or "Kubernetes Deployment".
 */
const HEAD_NOUNS = new Set(['runbook', 'runbooks', 'playbook', 'playbooks', 'betriebshandbuch']);

const OPERATING = new Set(OPERATING_TERMS);
const BESIDE = new Set([...GENERIC, ...OPERATING_TERMS]);

/** Lower-case words of a heading, numbering and punctuation gone, letters of any script kept. */
export function headingWords(heading: string): string[] {
  return heading
    .toLowerCase()
    .replace(/^[\s§#\d.)(-]+/, '')
    .replace(/[^\p{L}\p{N}&'-]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '' && w !== '-');
}

/**
 * Is this heading about operating the system? Its words are an operating term with generic
 * words around it ("Deployment guide", "Disaster recovery", "Troubleshooting common issues"),
 * or qualifiers before a term that is always about operating ("Operator runbook"). A heading
 * about something else that holds such a word ("Operations dashboard", "Password recovery") is not.
 */
export const isOperatingHeading = memoByString(operatingHeading);

function operatingHeading(heading: string): boolean {
  const words = headingWords(heading);
  if (words.length === 0 || words.length > 6) return cjkOperating(heading);
  if (HEAD_NOUNS.has(words[words.length - 1]!) && words.length <= 3) return true;
  // "Incidents" can be a product's; "Incident response" is the operators'.
  if (/^(?:incident (?:response|handling|management)|on call)$/.test(words.join(' '))) return true;
  const first = words.findIndex((w) => OPERATING.has(w));
  if (first === -1) return cjkOperating(heading);
  return words.every((w, i) => i === first || BESIDE.has(w));
}

function cjkOperating(heading: string): boolean {
  const text = heading.replace(/[\s\d.#§、。:：()（）-]+/g, '');
  return text.length > 0 && text.length <= 12 && CJK_TERMS.some((t) => text.includes(t));
}

/** Headings of sections that list things in passing: a changelog, release notes, deliverables, history. */
export const isPassingSection = memoByString(passingSection);

function passingSection(heading: string): boolean {
  const words = headingWords(heading);
  const text = ` ${words.join(' ')} `;
  if (
    words.length <= 3 &&
    / (?:changelog|change log|release notes|revision history|version history|history|deliverables|file index|inventory) $/.test(
      text,
    )
  )
    return true;
  // A version heading of a changelog, and nothing else: "v1.2.0", "[1.2.0] - 2024-05-01", "1.2 (2024-05-01)".
  return /^\s*\[?v?\d+\.\d+(?:\.\d+)*\]?(?:\s*[-–—(]?\s*\d{4}-\d{2}-\d{2}\)?)?\s*$/i.test(heading);
}
