import { isObject, type JsonObject } from '../../core/json.ts';
import { digArray, goString } from './pod.ts';

/** Every inline volume source the Pod API knows. */
export const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs',
  'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker',
  'downwardAPI', 'fc', 'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
] as const;

export interface VolumeRef {
  index: number;
  name: string;
  /** The sources set on the volume; ['emptyDir'] when none is, as the API server defaults it. */
  sources: string[];
}

export function volumesOf(spec: JsonObject): VolumeRef[] {
  const refs: VolumeRef[] = [];
  digArray(spec, 'volumes').forEach((volume, index) => {
    if (!isObject(volume)) return;
    const sources = VOLUME_SOURCES.filter((s) => volume[s] !== undefined && volume[s] !== null);
    refs.push({ index, name: goString(volume, 'name'), sources: sources.length > 0 ? sources : ['emptyDir'] });
  });
  return refs;
}
