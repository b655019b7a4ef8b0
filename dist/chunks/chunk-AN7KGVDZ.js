import { createRequire as __deployActionsCreateRequire } from 'node:module';
const require = __deployActionsCreateRequire(import.meta.url);
import{a as s,c as i}from"./chunk-J4Y4BDJ4.js";var n=class extends s{},t=class extends n{},o=class extends i{},d=class extends i{},a=class extends i{},l=class extends i{};function x(e){let r=e?.code;if(r==="ENOSPC")return"disk full";if(r==="EDQUOT")return"disk quota exceeded";if(r==="EACCES"||r==="EPERM")return"permission denied";if(r==="EROFS")return"read-only file system"}export{n as a,t as b,o as c,d,a as e,l as f,x as g};
