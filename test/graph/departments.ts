import { readDatasetText } from '../datasets.ts';

/** The department of each person of email-eu-core, by id (the ground truth its communities are compared with). */
export function emailDepartments(): Map<string, number> {
  const truth = new Map<string, number>();
  for (const line of readDatasetText('email-eu-core-departments.tsv').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [node, department] = line.split('\t');
    truth.set(node, Number(department));
  }
  return truth;
}
