/** The recipe's `kubernetes:` block and what the Kubernetes backend can do. Pure: used by the recipe schema and workflows. */
import { z } from 'zod';
import type { BackendDescriptor } from '../plugin';

const dnsLabel = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'use a DNS label: lowercase letters, digits and dashes, at most 63');

export const kubernetesSettingsSchema = z.strictObject({
  kubeconfig: z.string().optional().meta({ description: 'kubeconfig file (relative to the recipe); default: KUBECONFIG, ~/.kube/config, or the in-cluster service account.' }),
  context: z.string().optional().meta({ description: "kubeconfig context (default: the file's current-context)." }),
  namespace: dnsLabel.optional().meta({ description: 'Namespace to run in; default: one created per experiment (bench-<id>) and deleted at teardown.' }),
  network: z
    .enum(['pod', 'host'])
    .default('pod')
    .meta({ description: "pod: clients reach services through Services by DNS name, the worker through port-forward. host: hostNetwork pods listening on each node's address (no Services)." }),
  bindAddress: z.string().optional().meta({ description: 'For network host: the address pods listen on (default 0.0.0.0; 127.0.0.1 on a single-node test cluster).' }),
  clientImage: z.string().default('bench/client:0.1.0').meta({ description: 'Image of `bench client` (docker/client.Dockerfile builds it).' }),
  prometheusImage: z.string().default('prom/prometheus:v2.53.0').meta({ description: 'Image of the Prometheus pod bench runs when monitoring is enabled.' }),
  imageMap: z
    .record(z.string(), z.string())
    .default({})
    .meta({ description: 'Replaces images by name before use (a registry mirror, or images imported into the nodes): {"redis:7": "mirror.local/redis:7"}.' }),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional().meta({ description: "Pull policy of every container (default: Kubernetes' own)." }),
  serviceAccount: z.string().optional().meta({ description: 'ServiceAccount the pods run as (default: the namespace default).' }),
  benchCommand: z.array(z.string()).min(1).default(['bench']).meta({ description: 'How the client image runs bench.' }),
  podLogLines: z.number().int().positive().default(20).meta({ description: 'Lines of a crashed container\'s log quoted in its failure reason.' }),
});

export type KubernetesSettings = z.output<typeof kubernetesSettingsSchema>;

export const kubernetesDescriptor: BackendDescriptor<KubernetesSettings> = {
  kind: 'kubernetes',
  description: 'pods on a Kubernetes cluster through its API (Deployments for services and monitors, an Indexed Job per client group)',
  settings: kubernetesSettingsSchema,
  capabilities: (s) => {
    const host = s?.network === 'host';
    return {
      bindAddress: host ? (s?.bindAddress ?? '0.0.0.0') : '0.0.0.0',
      // Pods of the pod network each have their own address: the kind's port is free in every pod.
      portChoice: host ? 'worker' : 'kind',
      portsPickedWhereRun: false,
      taskGroups: true,
      // A Deployment reschedules its own pods away from lost nodes.
      reschedule: false,
      queue: true,
      imagesRequired: true,
    images: true,
      memoryLimit: true,
      placement: ['nodeSelector', 'tolerations'],
      benchCommand: s?.benchCommand ?? ['bench'],
      clientImage: s?.clientImage ?? 'bench/client:0.1.0',
      monitorImage: s?.prometheusImage ?? 'prom/prometheus:v2.53.0',
      copiesBack: true,
    };
  },
};
