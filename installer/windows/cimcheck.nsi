; cimcheck Windows installer (NSIS 3, Unicode).
;
;   makensis /DVERSION=0.1.0 /DBUNDLE=dist\cimcheck installer\windows\cimcheck.nsi
;
; Installs the one-folder bundle of installer/cimcheck.spec into Program Files, with
; Start-menu and desktop shortcuts, "Open with cimcheck" for .ifc/.ifczip (added to the
; Open-with list, never taking the default from an authoring tool), an uninstaller in
; Apps & features, and Chinese and English pages. Built on Windows by
; .github/workflows/windows.yml; compile-checked on Linux by ./dev bundle (-DFAST: no
; compression, the Linux bundle as a stand-in payload).
;
; VC++ runtime: the bundle carries vcruntime140.dll, vcruntime140_1.dll and msvcp140.dll
; from the Python and Qt wheels, so no redistributable is needed; the installer says so
; only if they are missing.

Unicode true
!ifndef VERSION
  !error "pass /DVERSION=x.y.z (cimcheck/version.py)"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\cimcheck"
!endif
!ifndef OUTFILE
  !define OUTFILE "cimcheck-${VERSION}-setup.exe"
!endif
!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!include "MUI2.nsh"
!include "x64.nsh"

!define APP "cimcheck"
!define PUBLISHER "cimcheck team"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define PROGID_IFC "cimcheck.ifc"
!define PROGID_IFCZIP "cimcheck.ifczip"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "..\cimcheck.ico"
!define MUI_UNICON "..\cimcheck.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_FINISHPAGE_RUN "$INSTDIR\cimcheck-gui.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Chinese first: the first language is the default when Windows' own is neither.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString SEC_APP ${LANG_SIMPCHINESE} "cimcheck（必需）"
LangString SEC_APP ${LANG_ENGLISH} "cimcheck (required)"
LangString SEC_DESKTOP ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_ASSOC ${LANG_SIMPCHINESE} "用 cimcheck 打开 .ifc / .ifczip"
LangString SEC_ASSOC ${LANG_ENGLISH} "Open .ifc / .ifczip with cimcheck"
LangString LNK_GUI ${LANG_SIMPCHINESE} "cimcheck 未来社区模型审查"
LangString LNK_GUI ${LANG_ENGLISH} "cimcheck future-community model checker"
LangString LNK_SAMPLE ${LANG_SIMPCHINESE} "cimcheck 示例模型"
LangString LNK_SAMPLE ${LANG_ENGLISH} "cimcheck sample model"
LangString LNK_UNINSTALL ${LANG_SIMPCHINESE} "卸载 cimcheck"
LangString LNK_UNINSTALL ${LANG_ENGLISH} "Uninstall cimcheck"
LangString TYPE_IFC ${LANG_SIMPCHINESE} "IFC 建筑信息模型"
LangString TYPE_IFC ${LANG_ENGLISH} "IFC building model"
LangString NEED_64 ${LANG_SIMPCHINESE} "cimcheck 需要 64 位 Windows 10 或更新版本。"
LangString NEED_64 ${LANG_ENGLISH} "cimcheck needs 64-bit Windows 10 or later."
LangString NO_VCRT ${LANG_SIMPCHINESE} "安装包中缺少 Visual C++ 运行库（vcruntime140.dll）。如 cimcheck 无法启动，请安装微软 Visual C++ 2015–2022 可再发行组件包（x64）。"
LangString NO_VCRT ${LANG_ENGLISH} "The Visual C++ runtime (vcruntime140.dll) is missing from the package. If cimcheck does not start, install the Microsoft Visual C++ 2015-2022 Redistributable (x64)."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(NEED_64)"
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "!$(SEC_APP)" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}\*.*"
  File "..\cimcheck.ico"
  ${IfNot} ${FileExists} "$INSTDIR\vcruntime140.dll"
  ${AndIfNot} ${FileExists} "$INSTDIR\_internal\vcruntime140.dll"
  ${AndIfNot} ${FileExists} "$SYSDIR\vcruntime140.dll"
    MessageBox MB_ICONINFORMATION "$(NO_VCRT)"
  ${EndIf}
  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\$(LNK_GUI).lnk" "$INSTDIR\cimcheck-gui.exe" "" \
    "$INSTDIR\cimcheck.ico"
  CreateShortcut "$SMPROGRAMS\${APP}\$(LNK_SAMPLE).lnk" "$INSTDIR\cimcheck-gui.exe" \
    '"$INSTDIR\_internal\cimcheck_samples\fc_residential_ifc4.ifc"' "$INSTDIR\cimcheck.ico"
  CreateShortcut "$SMPROGRAMS\${APP}\$(LNK_UNINSTALL).lnk" "$INSTDIR\uninstall.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP} ${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\cimcheck.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\$(LNK_GUI).lnk" "$INSTDIR\cimcheck-gui.exe" "" "$INSTDIR\cimcheck.ico"
SectionEnd

Section "$(SEC_ASSOC)" SecAssoc
  ; A ProgID per extension, offered in the Open-with list (OpenWithProgids); the default
  ; program for .ifc stays what the user chose (Revit, ArchiCAD, a viewer).
  WriteRegStr HKLM "Software\Classes\${PROGID_IFC}" "" "$(TYPE_IFC)"
  WriteRegStr HKLM "Software\Classes\${PROGID_IFC}\DefaultIcon" "" "$INSTDIR\cimcheck.ico"
  WriteRegStr HKLM "Software\Classes\${PROGID_IFC}\shell\open\command" "" \
    '"$INSTDIR\cimcheck-gui.exe" "%1"'
  WriteRegStr HKLM "Software\Classes\${PROGID_IFCZIP}" "" "$(TYPE_IFC)"
  WriteRegStr HKLM "Software\Classes\${PROGID_IFCZIP}\DefaultIcon" "" "$INSTDIR\cimcheck.ico"
  WriteRegStr HKLM "Software\Classes\${PROGID_IFCZIP}\shell\open\command" "" \
    '"$INSTDIR\cimcheck-gui.exe" "%1"'
  WriteRegStr HKLM "Software\Classes\.ifc\OpenWithProgids" "${PROGID_IFC}" ""
  WriteRegStr HKLM "Software\Classes\.ifczip\OpenWithProgids" "${PROGID_IFCZIP}" ""
  WriteRegStr HKLM "Software\Classes\Applications\cimcheck-gui.exe\SupportedTypes" ".ifc" ""
  WriteRegStr HKLM "Software\Classes\Applications\cimcheck-gui.exe\SupportedTypes" ".ifczip" ""
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  DeleteRegValue HKLM "Software\Classes\.ifc\OpenWithProgids" "${PROGID_IFC}"
  DeleteRegValue HKLM "Software\Classes\.ifczip\OpenWithProgids" "${PROGID_IFCZIP}"
  DeleteRegKey HKLM "Software\Classes\${PROGID_IFC}"
  DeleteRegKey HKLM "Software\Classes\${PROGID_IFCZIP}"
  DeleteRegKey HKLM "Software\Classes\Applications\cimcheck-gui.exe"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  Delete "$DESKTOP\$(LNK_GUI).lnk"
  RMDir /r "$SMPROGRAMS\${APP}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\cimcheck.exe"
  Delete "$INSTDIR\cimcheck-gui.exe"
  Delete "$INSTDIR\cimcheck.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
