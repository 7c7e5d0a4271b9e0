/** Recipes for the Kubernetes test cluster: the shipped quickstart with the kubeconfig made absolute, and variants. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../helpers/bench-cli';
import { K8S_KUBECONFIG } from '../../helpers/k8s-cluster';

export function quickstartKubernetes(edit: (yaml: string) => string = (y) => y): string {
  const yaml = readFileSync(path.join(ROOT, 'recipes', 'quickstart-kubernetes.yaml'), 'utf8').replace('kubeconfig: ../.bench/k8s/kubeconfig', `kubeconfig: ${K8S_KUBECONFIG}`);
  if (!yaml.includes(K8S_KUBECONFIG)) throw new Error('recipes/quickstart-kubernetes.yaml no longer names ../.bench/k8s/kubeconfig');
  return edit(yaml);
}

/** Replaces one exact piece of the recipe, failing loudly when the piece is gone (a test that edits nothing tests nothing). */
export function replaceOnce(yaml: string, from: string, to: string): string {
  if (!yaml.includes(from)) throw new Error(`recipe has no ${JSON.stringify(from)}`);
  return yaml.replace(from, to);
}
