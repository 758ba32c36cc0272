/** The network model's two pictures: the component graph and the port map (pure layouts into a Scene). */
export { componentGraph, NO_HOST, OUTSIDE, type ComponentGraph, type NetworkLayoutInput } from './componentGraph';
export { portMap, stateWord, type ObservedState, type PortMap } from './portMap';
export { COMPONENT_STYLE, connectionLabel, EXPOSURE_STYLE, socketText } from './common';
