/**
 * ECS's modeled errors (AmazonEC2ContainerServiceV20141113 model): ClientException and
 * InvalidParameterException for bad requests, ClusterNotFoundException, ServiceNotFoundException.
 * Texts as ECS answers them ("Cluster not found.", "Unable to describe task definition.").
 */
import { AwsError } from '../../core/errors.js'

export const clusterNotFound = () => new AwsError('ClusterNotFoundException', 'Cluster not found.')
export const serviceNotFound = () => new AwsError('ServiceNotFoundException', 'Service not found.')
export const clientError = (message: string) => new AwsError('ClientException', message)
export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message)
export const taskDefinitionNotFound = () => clientError('Unable to describe task definition.')
