; Per-user Windows installer of « Données ouvertes de la mairie »: no administrator rights, installs under
; %LOCALAPPDATA%\Programs, French wording, Start menu and optional desktop shortcut, .odproj association
; (HKCU\Software\Classes), uninstaller registered in « Applications et fonctionnalités » (HKCU).
; The uninstaller removes the program files it installed and nothing else: never the user's projects,
; settings, autosaves, journal or logs (they live in the user's folders, see core/paths.py).
;
; Compiled by installer/build.sh:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVI_VERSION=0.1.0.0 -DDIST_DIR=… -DOUT_FILE=… -DICON=…
;            -DSIDE_BITMAP=… [-DSIGN_COMMAND=…] installer/opendata-desktop.nsi
; Silent use (coordinators): installer.exe /S [/SANSBUREAU] [/D=C:\chemin\sans\guillemets] — see README.md.

Unicode true
ManifestDPIAware true
!ifdef FAST
  SetCompressor zlib  ; build checks (NSIS_FAST=1 in build.sh): a larger installer, compiled in seconds
!else
  SetCompressor /SOLID lzma
!endif
RequestExecutionLevel user

!ifndef VERSION | VI_VERSION | DIST_DIR | OUT_FILE | ICON | SIDE_BITMAP
  !error "VERSION, VI_VERSION, DIST_DIR, OUT_FILE, ICON et SIDE_BITMAP doivent être définis (-D…) : voir installer/build.sh"
!endif

!define APP_NAME "Données ouvertes de la mairie"
!define APP_ID "opendata-desktop"
!define PUBLISHER "opendata_desktop"
!define APP_EXE "opendata-desktop-app.exe"
!define CLI_EXE "opendata-desktop.exe"
!define UNINSTALLER "desinstaller.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PROGID "OpenDataDesktop.Projet"
!define SHCNE_ASSOCCHANGED 0x08000000

!ifdef SIGN_COMMAND
  ; The uninstaller is written at compile time: sign it before it is packed (%1 is its path). No quotes
  ; around the command (a path without spaces): cmd.exe would strip the outer pair of « "cmd" "%1" ».
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_WELCOMEFINISHPAGE_BITMAP "${SIDE_BITMAP}"
!define MUI_UNWELCOMEFINISHPAGE_BITMAP "${SIDE_BITMAP}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!define MUI_WELCOMEPAGE_TITLE "Installer « ${APP_NAME} »"
!define MUI_WELCOMEPAGE_TEXT "Cette application aide le secrétariat de la mairie à publier ses données ouvertes au format SCDL.$\r$\n$\r$\nL'installation se fait pour votre compte seulement : aucun droit d'administrateur n'est nécessaire.$\r$\n$\r$\nCliquez sur Suivant pour continuer."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Ouvrir l'application maintenant"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "L'application va être retirée de cet ordinateur. Vos projets (.odproj), vos réglages et vos fichiers publiés sont conservés."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "French"

; Version information of the installer itself (file properties).
VIProductVersion "${VI_VERSION}"
VIFileVersion "${VI_VERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_FRENCH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_FRENCH} "FileDescription" "Installation de « ${APP_NAME} »"
VIAddVersionKey /LANG=${LANG_FRENCH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_FRENCH} "LegalCopyright" "Licence EUPL-1.2"

Section "Application (obligatoire)" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An update replaces the previous program files only (stale modules of an older version must not remain).
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; Double-clicking a project file opens it in the app (per-user association, no rights needed).
  WriteRegStr HKCU "Software\Classes\.odproj" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Projet de données ouvertes"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'

  ; « Applications et fonctionnalités »
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  System::Call 'shell32::SHChangeNotify(i ${SHCNE_ASSOCCHANGED}, i 0, p 0, p 0)'
SectionEnd

Section "Raccourci sur le bureau" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

Function .onInit
  SetShellVarContext current
  ; /SANSBUREAU: no desktop shortcut (useful with /S, where no page lets the person choose).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SANSBUREAU" $R1
  ${IfNot} ${Errors}
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer put there. RMDir without /r on the folder itself: if the person stored
  ; anything of theirs in it, it stays, and so does the folder.
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ReadRegStr $0 HKCU "Software\Classes\.odproj" ""
  ${If} $0 == "${PROGID}"  ; another program may have taken the extension since: leave it to it
    DeleteRegKey HKCU "Software\Classes\.odproj"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  System::Call 'shell32::SHChangeNotify(i ${SHCNE_ASSOCCHANGED}, i 0, p 0, p 0)'
  ; Deliberately kept: %LOCALAPPDATA%\opendata_desktop (settings, autosaves, publication journal, logs),
  ; the projects and published files wherever the person saved them, and the API key in the Windows vault.
SectionEnd
