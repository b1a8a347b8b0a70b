/// <reference types="vite/client" />

/** Where Cesium's Workers/Assets/Widgets/ThirdParty are served; set by `define` in vite.config.ts. */
declare const CESIUM_BASE_URL: string;
