import { expose } from 'comlink';
import { Detector } from './detector.js';

expose(new Detector());
